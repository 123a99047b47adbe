import { useMemo, useState } from 'preact/hooks';
import { query } from '../lib/api.js';
import { formatNumber, formatPercent, nfc } from '../lib/format.js';
import { COUNTED, RESULT_STATUS, label } from '../lib/labels.js';
import { defaultPeriod, periodLabel } from '../lib/periods.js';
import { navigate } from '../lib/route.js';
import { MINISTRY, PROVINCES, structureHasDistricts } from '../lib/provinces.js';
import { BarChart } from '../chart.jsx';
import {
  AsOfField, DistrictSelect, ExportButtons, Freshness, MovementSelect, Pager, PeriodSelect, ProblemAlert, SelectField,
  StatusBadge, StructureSelect, TextField, FilterPanel, useDraft,
} from '../components.jsx';
import { useApp, useAsync, useMovements } from '../hooks.js';
import { useLiveBoard } from './board-common.jsx';

const PATH = '/nhiem-vu';
const API = '/api/v1/reports/key-tasks';

export const RANKING_RULE = 'Xếp hạng theo tỷ lệ hoàn thành, cao nhất đứng đầu. Các đơn vị có tỷ lệ bằng nhau (làm tròn '
  + 'đến 4 chữ số thập phân) đồng hạng, và hạng kế tiếp bỏ qua số đơn vị đồng hạng (1, 2, 2, 4). Tỷ lệ hoàn thành của '
  + 'đơn vị là bình quân các nhiệm vụ trọng tâm của phong trào; của một nhiệm vụ là bình quân các chỉ tiêu, mỗi chỉ tiêu '
  + 'tính min(giá trị báo cáo / chỉ tiêu, 1); nhiệm vụ chưa có kết quả được tính bằng 0.';

/** The movements with key tasks, and the one the page shows (the one asked for, else an open one `preferred` keeps). */
export function useTaskMovements(params, preferred = () => true) {
  const movements = useMovements();
  const withTasks = (movements.data ?? []).filter((m) => m.keyTasks.length > 0);
  const movement = withTasks.find((m) => m.code === params.movementId)
    ?? withTasks.find((m) => m.status === 'OPEN' && preferred(m)) ?? withTasks.find((m) => preferred(m))
    ?? withTasks.find((m) => m.status === 'OPEN') ?? withTasks[0] ?? null;
  const period = movement && (params.period ?? defaultPeriod(movement, new Date().toISOString()));
  return { movements, withTasks, movement, period };
}

/** Whether a board offers districts: the structure it is grouped by has them, and the app knows the caller's (24's). */
export function showsDistricts(session, structure) {
  return structureHasDistricts(structure) && session.provinceCode !== '19';
}

export function KeyTaskBoard({ params }) {
  const { unitName, session, districtName } = useApp();
  const { movements, withTasks, movement, period } = useTaskMovements(params);
  const structure = params.structure ?? '';
  const districts = showsDistricts(session, structure);
  const filters = {
    movementId: movement?.code, period, district: districts ? params.district ?? '' : '', unitId: params.unitId ?? '',
    status: params.status ?? '', counted: params.counted ?? 'APPROVED', q: params.q ?? '', asOf: params.asOf ?? '',
    structure,
    // the Ministry's filter of its sector-wide movements: one province's rows, ranked as that province reads them
    province: session.provinceCode === MINISTRY && movement?.provinceCode === MINISTRY ? params.province ?? '' : '',
  };
  const page = +(params.page ?? 0);
  const set = (changes) => navigate(PATH, { ...filters, ...changes, page: changes.page ?? 0 }, { replace: true });
  const [draftQ, setDraftQ] = useDraft(filters.q);
  const board = useAsync((signal) => (movement ? query(API, { ...filters, page, size: 50 }, { signal }) : null),
    [JSON.stringify(filters), page, movement?.code]);
  const { changed, updatedAt } = useLiveBoard(board, {
    enabled: !filters.asOf && !!movement,
    matches: (c) => c.movementId === filters.movementId
      && ((c.board === 'key-tasks' && c.period === filters.period) || c.board === 'catalogue'),
    rowsOf: (b) => b.items,
    keyOf: (r) => r.unitId,
  });
  const data = board.data;
  const chart = useMemo(() => (data ? {
    labels: data.items.map((r) => r.unitName),
    datasets: [{ label: 'Tỷ lệ hoàn thành', data: data.items.map((r) => Number(r.completion) * 100) }],
  } : null), [data]);

  if (movements.error) {
    return <ProblemAlert error={movements.error} />;
  }
  if (movements.data && !movement) {
    return <p>Chưa có phong trào nào có nhiệm vụ trọng tâm.</p>;
  }
  return (
    <div>
      <FilterPanel>
      <form class="filters" onSubmit={(e) => { e.preventDefault(); set({ q: nfc(draftQ) }); }}>
        {movement && <MovementSelect movements={withTasks} value={movement.code} onChange={(v) => set({ movementId: v, period: null })} />}
        {movement && <PeriodSelect movement={movement} value={period} onChange={(v) => set({ period: v })} />}
        {session.provinceCode === MINISTRY && movement?.provinceCode === MINISTRY && (
          <SelectField label="Tỉnh" id="province" value={filters.province} onChange={(v) => set({ province: v })}
            hint="Một tỉnh: các đơn vị của tỉnh, xếp hạng trong tỉnh."
            options={[{ value: '', label: 'Mọi tỉnh (xếp hạng toàn quốc)' },
              ...PROVINCES.filter((p) => p.code !== MINISTRY).map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }))]} />
        )}
        <StructureSelect value={structure} onChange={(v) => set({ structure: v, district: structureHasDistricts(v) ? filters.district : '' })} />
        {districts && <DistrictSelect value={filters.district} onChange={(v) => set({ district: v })} />}
        <SelectField label="Trạng thái kết quả" id="status" value={filters.status} onChange={(v) => set({ status: v })}
          options={[{ value: '', label: 'Mọi trạng thái' }, ...Object.entries(RESULT_STATUS).map(([value, l]) => ({ value, label: `Có ô “${l}”` }))]} />
        <SelectField label="Cách tính" id="counted" value={filters.counted} onChange={(v) => set({ counted: v })}
          options={Object.entries(COUNTED).map(([value, l]) => ({ value, label: l }))} />
        <TextField label="Tìm đơn vị" id="unit-q" type="search" value={draftQ} onChange={setDraftQ} />
        <div class="field field-button"><button type="submit" id="board-search">Lọc</button></div>
        <AsOfField value={filters.asOf || null} onChange={(v) => set({ asOf: v })} />
      </form>
      </FilterPanel>
      <ProblemAlert error={board.error} />
      {data && (
        <>
          <div class="toolbar">
            <Freshness currentTo={data.currentTo} asOf={data.asOf} updatedAt={updatedAt} />
            <ExportButtons path={API} params={filters} name={`bang-nhiem-vu-${filters.movementId}-${period}`} />
          </div>
          <details class="rule">
            <summary>Cách tính tỷ lệ hoàn thành và xếp hạng</summary>
            <p>{RANKING_RULE}</p>
            <p>{label(COUNTED, data.counted)}.</p>
          </details>
          <BoardTable data={data} changed={changed} unitName={unitName}
            districtOf={structure && districts ? (r) => (r.districtCode ? districtName(r.districtCode) : 'Không thuộc huyện nào') : null} />
          <Pager page={data.page} totalPages={data.totalPages} totalItems={data.totalItems} onPage={(p) => set({ page: p })} />
          {data.items.length > 0 && (
            <section aria-labelledby="chart-title">
              <h2 id="chart-title">Tỷ lệ hoàn thành theo đơn vị</h2>
              <BarChart id="completion-chart" label={`Biểu đồ tỷ lệ hoàn thành của ${data.items.length} đơn vị trên trang, ${periodLabel(data.period)}`}
                labels={chart.labels} datasets={chart.datasets} horizontal height={Math.max(160, 28 * data.items.length + 60)} />
            </section>
          )}
          <TaskTotals tasks={data.tasks} />
        </>
      )}
      {!data && board.loading && <p role="status">Đang tải bảng…</p>}
    </div>
  );
}

function tieText(row) {
  return row.tiedWith > 0 ? `đồng hạng với ${row.tiedWith} đơn vị khác` : null;
}

function BoardTable({ data, changed, districtOf }) {
  const [open, setOpen] = useState(null);
  return (
    <div class="table-wrap">
      <table id="key-task-board" class="board" aria-busy="false">
        <caption>Bảng theo dõi nhiệm vụ trọng tâm — {data.movementTitle} — {periodLabel(data.period)}</caption>
        <thead>
          <tr>
            <th scope="col">Hạng</th>
            <th scope="col">Đơn vị</th>
            <th scope="col">Hoàn thành</th>
            {data.tasks.map((t) => <th scope="col" data-task={t.taskNo}><abbr title={t.title}>NV {t.taskNo}</abbr></th>)}
          </tr>
        </thead>
        <tbody>
          {data.items.map((r) => (
            <>
              <tr data-unit={r.unitId} data-rank={r.rank} data-tied-with={r.tiedWith} data-completion={r.completion}
                class={changed.has(r.unitId) ? 'row-updated' : ''}>
                <td class="rank"><span class="rank-no">{r.rank}</span>{tieText(r) && <span class="tie">{tieText(r)}</span>}</td>
                <th scope="row">
                  <button type="button" class="link" aria-expanded={open === r.unitId ? 'true' : 'false'}
                    aria-controls={`detail-${r.unitId}`} onClick={() => setOpen(open === r.unitId ? null : r.unitId)}>
                    {r.unitName}</button>
                  <span class="code">{r.unitId}</span>
                  {districtOf && <span class="district" data-district={r.districtCode ?? ''}>{districtOf(r)}</span>}
                </th>
                <td class="num completion">{formatPercent(r.completion)}</td>
                {r.cells.map((c) => (
                  <td class="cell" data-task={c.taskNo} data-status={c.status} data-completion={c.completion}>
                    <StatusBadge status={c.status} />
                    <span class="num">{c.status === 'NOT_REPORTED' ? '' : formatPercent(c.completion)}</span>
                  </td>
                ))}
              </tr>
              {open === r.unitId && (
                <tr class="detail" id={`detail-${r.unitId}`}>
                  <td colSpan={3 + data.tasks.length}>
                    <UnitDetail row={r} tasks={data.tasks} />
                  </td>
                </tr>
              )}
            </>
          ))}
        </tbody>
      </table>
      {data.items.length === 0 && <p>Không có đơn vị nào phù hợp bộ lọc.</p>}
    </div>
  );
}

function UnitDetail({ row, tasks }) {
  return (
    <ul class="unit-detail">
      {row.cells.map((c) => {
        const task = tasks.find((t) => t.taskNo === c.taskNo);
        return (
          <li>
            <strong>NV {c.taskNo}</strong> ({label(RESULT_STATUS, c.status)}{c.corrections ? `, sửa ${c.corrections} lần` : ''}):{' '}
            {c.values.map((v) => {
              const indicator = task?.indicators.find((i) => i.code === v.code);
              return (
                <span class="value">{v.code} {formatNumber(v.value, 4)} / {formatNumber(v.target, 4)} {indicator?.unitOfMeasure ?? ''}
                  {v.ratio !== null && v.ratio !== undefined ? ` (${formatPercent(v.ratio)})` : ''}</span>
              );
            })}
          </li>
        );
      })}
    </ul>
  );
}

function TaskTotals({ tasks }) {
  return (
    <section aria-labelledby="totals-title">
      <h2 id="totals-title">Tổng hợp theo nhiệm vụ</h2>
      <div class="table-wrap">
        <table id="task-totals">
          <thead>
            <tr>
              <th scope="col">Nhiệm vụ</th>
              <th scope="col">Hoàn thành bình quân</th>
              {Object.keys(RESULT_STATUS).map((s) => <th scope="col">{RESULT_STATUS[s]}</th>)}
              <th scope="col" class="wrap">Chỉ tiêu: tổng giá trị được tính (số đơn vị) / mục tiêu mỗi đơn vị</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((t) => (
              <tr data-task={t.taskNo} data-mean-completion={t.meanCompletion}>
                <th scope="row">{t.taskNo}. {t.title}</th>
                <td class="num">{formatPercent(t.meanCompletion)}</td>
                {Object.keys(RESULT_STATUS).map((s) => <td class="num" data-status={s}>{t.results[s]}</td>)}
                <td>
                  <ul class="plain">
                    {t.indicators.map((i) => (
                      <li>{i.code} {i.name}: {formatNumber(i.countedSum, 4)} ({i.countedUnits} đơn vị) / {formatNumber(i.target, 4)} {i.unitOfMeasure}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
