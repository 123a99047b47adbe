import { useMemo, useState } from 'preact/hooks';
import { query } from '../lib/api.js';
import { formatPercent } from '../lib/format.js';
import { COUNTED, RESULT_STATUS, label } from '../lib/labels.js';
import { periodLabel } from '../lib/periods.js';
import { MINISTRY, provinceLabel } from '../lib/provinces.js';
import { hrefOf, navigate } from '../lib/route.js';
import { BarChart } from '../chart.jsx';
import {
  AsOfField, FilterPanel, Freshness, MovementSelect, PeriodSelect, ProblemAlert, SelectField, StatusBadge,
} from '../components.jsx';
import { useApp, useAsync } from '../hooks.js';
import { useLiveBoard } from './board-common.jsx';
import { RANKING_RULE, useTaskMovements } from './key-task-board.jsx';

const PATH = '/toan-quoc';
const API = '/api/v1/reports/key-tasks/national';

/**
 * The Ministry's national roll-up of a sector-wide movement's key-task board: each province with its units' mean
 * completion and each task's, then (expanded) its units ranked among themselves; a chart of completion by province.
 */
export function NationalRollUp({ params }) {
  const { session } = useApp();
  if (session.provinceCode !== MINISTRY) {
    return (
      <div class="alert alert-error" role="alert" id="national-refused">
        <p>Bảng tổng hợp toàn quốc chỉ dành cho Bộ Tư pháp. Tài khoản của {provinceLabel(session.provinceCode)} chỉ xem
          số liệu của tỉnh mình.</p>
        <p><a href={hrefOf('/nhiem-vu')}>Xem bảng nhiệm vụ trọng tâm của tỉnh</a></p>
      </div>
    );
  }
  return <RollUp params={params} />;
}

function RollUp({ params }) {
  // the Ministry's sector-wide movements first: the roll-up is theirs
  const { movements, withTasks, movement, period } = useTaskMovements(params, (m) => m.provinceCode === MINISTRY);
  const filters = { movementId: movement?.code, period, counted: params.counted ?? 'APPROVED', asOf: params.asOf ?? '' };
  const set = (changes) => navigate(PATH, { ...filters, ...changes }, { replace: true });
  const rollUp = useAsync((signal) => (movement ? query(API, filters, { signal }) : null),
    [JSON.stringify(filters), movement?.code]);
  const { changed, updatedAt } = useLiveBoard(rollUp, {
    enabled: !filters.asOf && !!movement,
    matches: (c) => c.movementId === filters.movementId
      && ((c.board === 'key-tasks' && c.period === filters.period) || c.board === 'catalogue'),
    rowsOf: (r) => r.provinces,
    keyOf: (p) => p.provinceCode,
  });
  const data = rollUp.data;
  const chart = useMemo(() => (data ? {
    labels: data.provinces.map((p) => p.provinceName),
    datasets: [{ label: 'Tỷ lệ hoàn thành bình quân', data: data.provinces.map((p) => Number(p.meanCompletion) * 100) }],
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
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          {movement && <MovementSelect movements={withTasks} value={movement.code} onChange={(v) => set({ movementId: v, period: null })} />}
          {movement && <PeriodSelect movement={movement} value={period} onChange={(v) => set({ period: v })} />}
          <SelectField label="Cách tính" id="counted" value={filters.counted} onChange={(v) => set({ counted: v })}
            options={Object.entries(COUNTED).map(([value, l]) => ({ value, label: l }))} />
          <AsOfField value={filters.asOf || null} onChange={(v) => set({ asOf: v })} />
        </form>
      </FilterPanel>
      {rollUp.error && (rollUp.error.status === 403 ? (
        <div class="alert alert-error" role="alert" id="national-refused">
          <p>Bạn không có quyền xem bảng tổng hợp toàn quốc: bảng này dành cho Bộ Tư pháp.</p>
        </div>
      ) : <ProblemAlert error={rollUp.error} />)}
      {data && (
        <>
          <div class="toolbar">
            <Freshness currentTo={data.currentTo} asOf={filters.asOf || null} updatedAt={updatedAt} />
          </div>
          <details class="rule">
            <summary>Cách tính</summary>
            <p>Mỗi tỉnh: tỷ lệ hoàn thành bình quân của các đơn vị của tỉnh đăng ký thi đua; các tỉnh xếp theo tỷ lệ đó, cao
              nhất đứng đầu. Trong mỗi tỉnh, các đơn vị được xếp hạng với nhau.</p>
            <p>{RANKING_RULE}</p>
            <p>{label(COUNTED, data.counted)}.</p>
          </details>
          <ProvinceTable data={data} changed={changed} />
          {data.provinces.length > 0 && (
            <section aria-labelledby="province-chart-title">
              <h2 id="province-chart-title">Tỷ lệ hoàn thành bình quân theo tỉnh</h2>
              <BarChart id="province-chart" label={`Biểu đồ tỷ lệ hoàn thành bình quân của ${data.provinces.length} tỉnh, ${periodLabel(data.period)}`}
                labels={chart.labels} datasets={chart.datasets} horizontal height={Math.max(160, 36 * data.provinces.length + 60)} />
            </section>
          )}
        </>
      )}
      {!data && rollUp.loading && !rollUp.error && <p role="status">Đang tải bảng…</p>}
    </div>
  );
}

function ProvinceTable({ data, changed }) {
  const [open, setOpen] = useState(new Set());
  const toggle = (code) => {
    const next = new Set(open);
    if (next.has(code)) {
      next.delete(code);
    } else {
      next.add(code);
    }
    setOpen(next);
  };
  const tasks = data.provinces[0]?.tasks ?? [];
  return (
    <div class="table-wrap">
      <table id="national-roll-up" class="board">
        <caption>Tổng hợp toàn quốc — {data.movementTitle} — {periodLabel(data.period)}</caption>
        <thead>
          <tr>
            <th scope="col">Thứ tự</th>
            <th scope="col">Tỉnh</th>
            <th scope="col">Số đơn vị</th>
            <th scope="col">Hoàn thành bình quân</th>
            {tasks.map((t) => <th scope="col" data-task={t.taskNo}><abbr title={t.title}>NV {t.taskNo}</abbr></th>)}
          </tr>
        </thead>
        <tbody>
          {data.provinces.map((p, i) => (
            <>
              <tr data-province={p.provinceCode} data-units={p.units} data-mean-completion={p.meanCompletion}
                class={changed.has(p.provinceCode) ? 'row-updated' : ''}>
                <td class="rank">{i + 1}</td>
                <th scope="row">
                  <button type="button" class="link" id={`province-${p.provinceCode}`}
                    aria-expanded={open.has(p.provinceCode) ? 'true' : 'false'} aria-controls={`units-${p.provinceCode}`}
                    onClick={() => toggle(p.provinceCode)}>{p.provinceName}</button>
                  <span class="code">{p.provinceCode}</span>
                </th>
                <td class="num units">{p.units}</td>
                <td class="num completion">{formatPercent(p.meanCompletion)}</td>
                {p.tasks.map((t) => <td class="num" data-task={t.taskNo} data-mean-completion={t.meanCompletion}>{formatPercent(t.meanCompletion)}</td>)}
              </tr>
              {open.has(p.provinceCode) && (
                <tr class="detail" id={`units-${p.provinceCode}`}>
                  <td colSpan={4 + tasks.length}>
                    <UnitTable province={p} />
                  </td>
                </tr>
              )}
            </>
          ))}
        </tbody>
      </table>
      {data.provinces.length === 0 && <p>Chưa có tỉnh nào có đơn vị đăng ký thi đua trong phong trào này.</p>}
    </div>
  );
}

function UnitTable({ province }) {
  return (
    <table class="board units-of-province" data-province={province.provinceCode}>
      <caption>Các đơn vị của {province.provinceName}, xếp hạng trong tỉnh</caption>
      <thead>
        <tr>
          <th scope="col">Hạng</th>
          <th scope="col">Đơn vị</th>
          <th scope="col">Hoàn thành</th>
          {province.tasks.map((t) => <th scope="col"><abbr title={t.title}>NV {t.taskNo}</abbr></th>)}
        </tr>
      </thead>
      <tbody>
        {province.items.map((r) => (
          <tr data-unit={r.unitId} data-rank={r.rank} data-completion={r.completion}>
            <td class="rank"><span class="rank-no">{r.rank}</span>
              {r.tiedWith > 0 && <span class="tie">đồng hạng với {r.tiedWith} đơn vị khác</span>}</td>
            <th scope="row">{r.unitName}<span class="code">{r.unitId}</span></th>
            <td class="num completion">{formatPercent(r.completion)}</td>
            {r.cells.map((c) => (
              <td class="cell" data-task={c.taskNo} data-status={c.status} title={label(RESULT_STATUS, c.status)}>
                <StatusBadge status={c.status} />
                <span class="num">{c.status === 'NOT_REPORTED' ? '' : formatPercent(c.completion)}</span>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
