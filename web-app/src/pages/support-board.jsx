import { useMemo } from 'preact/hooks';
import { query } from '../lib/api.js';
import { formatDate, formatNumber, formatPercent, nfc } from '../lib/format.js';
import { ACTIVITY_TYPE, SUPPORT_STATUS, label } from '../lib/labels.js';
import { navigate } from '../lib/route.js';
import { boardDay, structureHasDistricts } from '../lib/provinces.js';
import { BarChart } from '../chart.jsx';
import {
  AsOfField, DistrictSelect, ExportButtons, FilterPanel, Freshness, MovementSelect, Pager, ProblemAlert, SelectField,
  StructureSelect, TextField, useDraft,
} from '../components.jsx';
import { useApp, useAsync, useLiveRefresh, useMovements } from '../hooks.js';
import { useLiveBoard } from './board-common.jsx';
import { showsDistricts } from './key-task-board.jsx';

const PATH = '/xa';
const API = '/api/v1/reports/communes';

export function useSupportMovements(params) {
  const movements = useMovements();
  const multiYear = (movements.data ?? []).filter((m) => m.kind === 'MULTI_YEAR');
  const movement = multiYear.find((m) => m.code === params.movementId)
    ?? multiYear.find((m) => m.status === 'OPEN') ?? multiYear[0] ?? null;
  return { movements, multiYear, movement };
}

function yearsOf(movement) {
  const years = [];
  for (let y = +movement.periodStart.slice(0, 4); y <= +movement.periodEnd.slice(0, 4); y++) {
    years.push(y);
  }
  return years;
}

export function SupportBoard({ params }) {
  const { config, session } = useApp();
  const { movements, multiYear, movement } = useSupportMovements(params);
  const structure = params.structure ?? '';
  // without a chosen structure the board is grouped by the structure of its day (a 2026 movement: no districts)
  const districts = showsDistricts(session, structure || boardDay(movement, params.asOf));
  const filters = {
    movementId: movement?.code, district: districts ? params.district ?? '' : '', status: params.status ?? '',
    year: params.year ?? '', q: params.q ?? '', asOf: params.asOf ?? '', unitId: params.unitId ?? '', structure,
  };
  const page = +(params.page ?? 0);
  const set = (changes) => navigate(PATH, { ...filters, ...changes, page: changes.page ?? 0 }, { replace: true });
  const [draftQ, setDraftQ] = useDraft(filters.q);
  const needsYear = ['PASSED', 'FAILED', 'NOT_ASSESSED'].includes(filters.status);
  const board = useAsync((signal) => (movement ? query(API, { ...filters, page, size: 50 }, { signal }) : null),
    [JSON.stringify(filters), page, movement?.code]);
  const live = { enabled: !filters.asOf && !!movement, matches: (c) => c.board === 'communes' && c.movementId === filters.movementId };
  const { changed, updatedAt } = useLiveBoard(board, { ...live, rowsOf: (b) => b.items, keyOf: (r) => r.communeCode });
  // the chart covers every district, whatever page and filters: one small request per district (its totals)
  const byDistrict = useAsync((signal) => (movement && districts ? Promise.all(config.reference.districts.map((d) =>
    query(API, { movementId: movement.code, district: d.code, asOf: filters.asOf, structure, size: 1 }, { signal })
      .then((b) => b.districts.find((x) => x.districtCode === d.code)))).then((ds) => ds.filter(Boolean)) : null),
  [movement?.code, filters.asOf, structure, districts]);
  useLiveRefresh((c) => live.enabled && live.matches(c), () => byDistrict.reload(), [live.enabled, byDistrict.reload]);

  const data = board.data;
  const years = useMemo(() => (data ? [...new Set(data.province.criterion185.map((c) => c.year))].sort() : []), [data]);
  const chart = useMemo(() => {
    if (!byDistrict.data) {
      return null;
    }
    const ys = [...new Set(byDistrict.data.flatMap((d) => d.criterion185.map((c) => c.year)))].sort();
    return {
      labels: byDistrict.data.map((d) => d.districtName),
      datasets: ys.map((y) => ({
        label: `Năm ${y}`,
        data: byDistrict.data.map((d) => {
          const c = d.criterion185.find((x) => x.year === y);
          return c ? Number(c.shareOfCommunesPassing) * 100 : null;
        }),
      })),
    };
  }, [byDistrict.data]);

  if (movements.error) {
    return <ProblemAlert error={movements.error} />;
  }
  if (movements.data && !movement) {
    return <p>Chưa có phong trào nhiều năm nào (giúp đỡ xã xây dựng nông thôn mới).</p>;
  }
  return (
    <div>
      <FilterPanel>
      <form class="filters" onSubmit={(e) => { e.preventDefault(); set({ q: nfc(draftQ) }); }}>
        {movement && <MovementSelect movements={multiYear} value={movement.code} onChange={(v) => set({ movementId: v })} />}
        <StructureSelect value={structure} onChange={(v) => set({ structure: v, district: structureHasDistricts(v) ? filters.district : '' })} />
        {districts && <DistrictSelect value={filters.district} onChange={(v) => set({ district: v })} />}
        <SelectField label="Tình trạng" id="support-status" value={filters.status}
          onChange={(v) => set({ status: v, year: ['PASSED', 'FAILED', 'NOT_ASSESSED'].includes(v) && !filters.year && movement
            ? String(Math.min(yearsOf(movement).at(-1), new Date().getFullYear())) : filters.year })}
          options={[{ value: '', label: 'Tất cả' }, ...Object.entries(SUPPORT_STATUS).map(([value, l]) => ({ value, label: l }))]} />
        {movement && (
          <SelectField label="Năm đánh giá 18.5" id="support-year" value={filters.year} onChange={(v) => set({ year: v })}
            options={[...(needsYear ? [] : [{ value: '', label: '—' }]), ...yearsOf(movement).map((y) => ({ value: String(y), label: String(y) }))]} />
        )}
        <TextField label="Tìm xã" id="commune-q" type="search" value={draftQ} onChange={setDraftQ} />
        <div class="field field-button"><button type="submit" id="communes-search">Lọc</button></div>
        <AsOfField value={filters.asOf || null} onChange={(v) => set({ asOf: v })} />
      </form>
      </FilterPanel>
      <ProblemAlert error={board.error} />
      {data && (
        <>
          <div class="toolbar">
            <Freshness currentTo={data.currentTo} asOf={data.asOf} updatedAt={updatedAt} />
            <ExportButtons path={API} params={filters} name={`bang-giup-do-xa-${filters.movementId}`} />
          </div>
          <ProvinceTotals province={data.province} />
          {districts && chart && chart.labels.length > 0 && (
            <section aria-labelledby="pass-chart-title">
              <h2 id="pass-chart-title">Tỷ lệ xã đạt chuẩn tiếp cận pháp luật (tiêu chí 18.5) theo huyện và năm</h2>
              <BarChart id="pass-rate-chart" label="Biểu đồ tỷ lệ xã đạt tiêu chí 18.5 của từng huyện, mỗi năm một cột"
                labels={chart.labels} datasets={chart.datasets} height={360} />
            </section>
          )}
          <div class="table-wrap">
            <table id="support-board" class="board">
              <caption>Bảng theo dõi giúp đỡ xã xây dựng nông thôn mới — {data.movementTitle}</caption>
              <thead>
                <tr>
                  <th scope="col">Xã, phường, thị trấn</th>
                  {districts && <th scope="col">Huyện</th>}
                  <th scope="col">Đơn vị giúp đỡ</th>
                  <th scope="col">Hoạt động</th>
                  <th scope="col">Gần nhất</th>
                  {years.map((y) => <th scope="col">Tiêu chí 18.5 năm {y}</th>)}
                </tr>
              </thead>
              <tbody>
                {data.items.map((r) => (
                  <tr data-commune={r.communeCode} class={changed.has(r.communeCode) ? 'row-updated' : ''}>
                    <th scope="row">{r.communeName}<span class="code">{r.communeCode}</span>
                      {r.predecessors && r.predecessors.length > 0 && <Predecessors commune={r} />}</th>
                    {districts && <td data-district={r.districtCode ?? ''}>{r.districtName ?? '—'}</td>}
                    <td>
                      {r.supporters.length === 0 ? '—' : (
                        <ul class="plain">
                          {r.supporters.map((s) => (
                            <li>{s.unitName} — từ {formatDate(s.since)}{s.until ? ` đến ${formatDate(s.until)}` : ''}
                              {s.decision ? ` (QĐ ${s.decision.number})` : ''}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td class="num" data-activities={r.activityCount}>
                      <details>
                        <summary>{r.activityCount}</summary>
                        <ul class="plain">
                          {r.activities.map((a) => (
                            <li>{label(ACTIVITY_TYPE, a.type)}: {a.count} lần, {formatNumber(a.participants)} người, gần nhất {formatDate(a.latest)}</li>
                          ))}
                        </ul>
                      </details>
                    </td>
                    <td>{formatDate(r.latestActivity)}</td>
                    {years.map((y) => {
                      const a = r.assessments.find((x) => x.year === y);
                      return (
                        <td data-year={y} data-passed={a ? String(a.passed) : ''}>
                          {a ? <><span class={a.passed ? 'badge badge-approved' : 'badge badge-returned'}>{a.passed ? 'Đạt' : 'Chưa đạt'}</span>
                            <span class="num"> {formatNumber(a.total)} điểm</span></> : '—'}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={data.page} totalPages={data.totalPages} totalItems={data.totalItems} onPage={(p) => set({ page: p })} />
          {districts && <DistrictTotals districts={data.districts} />}
          {data.withoutSuccessor && <WithoutSuccessor communes={data.withoutSuccessor} />}
        </>
      )}
    </div>
  );
}

function assessmentText(a) {
  return `năm ${a.year}: ${a.passed ? 'đạt' : 'chưa đạt'} (${formatNumber(a.total)} điểm)`;
}

/** The communes a row was formed from, with their own history: their support is in the row, their 18.5 is theirs. */
function Predecessors({ commune }) {
  const others = commune.predecessors.filter((p) => p.communeCode !== commune.communeCode);
  const own = commune.predecessors.find((p) => p.communeCode === commune.communeCode);
  return (
    <details class="predecessors">
      <summary>{others.length > 0 ? `Số liệu của ${others.length} xã cũ hợp thành` : 'Số liệu trước khi sắp xếp'}</summary>
      <p class="hint">Hoạt động giúp đỡ của các xã cũ được cộng vào xã này; kết quả tiêu chí 18.5 của chúng được ghi riêng, không
        tính cho xã mới.</p>
      <ul class="plain">
        {[...(own ? [own] : []), ...others].map((p) => (
          <li data-predecessor={p.communeCode}>
            <strong>{p.communeName}</strong> ({p.communeCode}){p.until ? `, đến ${formatDate(p.until)}` : ''}:
            {' '}{p.activityCount} hoạt động
            {p.assessments.length > 0 && `; tiêu chí 18.5 ${p.assessments.map(assessmentText).join('; ')}`}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Communes whose history has no commune on the chosen day (ended with no successor in the register). */
function WithoutSuccessor({ communes }) {
  return (
    <section aria-labelledby="without-successor-title">
      <h2 id="without-successor-title">Xã cũ không có xã kế thừa trong danh mục ({communes.length})</h2>
      {communes.length === 0 ? <p>Mọi xã có số liệu đều có xã kế thừa vào ngày chọn.</p> : (
        <>
          <p class="hint">Các xã này đã chấm dứt và danh mục không ghi xã nào hình thành từ chúng, nên số liệu của chúng không nằm
            trong dòng nào của bảng trên.</p>
          <ul class="plain" id="without-successor">
            {communes.map((p) => (
              <li data-commune={p.communeCode}>
                <strong>{p.communeName}</strong> ({p.communeCode}){p.until ? `, đến ${formatDate(p.until)}` : ''}:
                {' '}{p.activityCount} hoạt động
                {p.assessments.length > 0 && `; tiêu chí 18.5 ${p.assessments.map(assessmentText).join('; ')}`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ProvinceTotals({ province }) {
  return (
    <section aria-labelledby="province-title" class="card totals">
      <h2 id="province-title">Toàn tỉnh</h2>
      <dl class="facts">
        <div><dt>Số xã</dt><dd>{province.communes}</dd></div>
        <div><dt>Đang được giúp đỡ</dt><dd>{province.communesSupported}</dd></div>
        <div><dt>Đã từng được giúp đỡ</dt><dd>{province.communesEverSupported}</dd></div>
        <div><dt>Hoạt động giúp đỡ</dt><dd>{formatNumber(province.activities)}</dd></div>
        {province.criterion185.map((c) => (
          <div data-year={c.year}><dt>Đạt 18.5 năm {c.year}</dt>
            <dd>{c.passed} xã đạt / {c.assessed} xã đã đánh giá ({formatPercent(c.shareOfCommunesPassing)} tổng số xã)</dd></div>
        ))}
      </dl>
    </section>
  );
}

function DistrictTotals({ districts }) {
  const years = [...new Set(districts.flatMap((d) => d.criterion185.map((c) => c.year)))].sort();
  return (
    <section aria-labelledby="districts-title">
      <h2 id="districts-title">Tổng hợp theo huyện (các huyện trên trang)</h2>
      <div class="table-wrap">
        <table id="district-totals">
          <thead>
            <tr>
              <th scope="col">Huyện</th><th scope="col">Số xã</th><th scope="col">Đang được giúp đỡ</th>
              <th scope="col">Hoạt động</th>
              {years.map((y) => <th scope="col">Đạt 18.5 năm {y}</th>)}
            </tr>
          </thead>
          <tbody>
            {districts.map((d) => (
              <tr data-district={d.districtCode}>
                <th scope="row">{d.districtName}</th>
                <td class="num">{d.communes}</td><td class="num">{d.communesSupported}</td>
                <td class="num">{formatNumber(d.activities)}</td>
                {years.map((y) => {
                  const c = d.criterion185.find((x) => x.year === y);
                  return <td class="num">{c ? `${c.passed}/${d.communes} (${formatPercent(c.shareOfCommunesPassing)})` : '—'}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
