import { query } from '../lib/api.js';
import { formatDate, formatNumber, nfc } from '../lib/format.js';
import { DOCUMENT_KIND, MOVEMENT_KIND, MOVEMENT_STATUS, label } from '../lib/labels.js';
import { hrefOf, navigate } from '../lib/route.js';
import { Pager, ProblemAlert, SelectField, TextField, useDraft } from '../components.jsx';
import { useApp, useAsync, useLiveRefresh } from '../hooks.js';

const PATH = '/phong-trao';

/** The movement catalogue: search (without regard to diacritics), kind, status; each movement in full on demand. */
export function Catalogue({ params }) {
  const q = params.q ?? '';
  const kind = params.kind ?? '';
  const status = params.status ?? '';
  const page = +(params.page ?? 0);
  const [draft, setDraft] = useDraft(q);
  const set = (changes) => navigate(PATH, { q, kind, status, ...changes, page: changes.page ?? 0 }, { replace: true });
  const list = useAsync((signal) => query('/api/v1/reports/movements', { q, kind, status, page, size: 20 }, { signal }),
    [q, kind, status, page]);
  useLiveRefresh((c) => c.board === 'catalogue', () => list.reload(), [list.reload]);
  return (
    <div>
      <form class="filters" role="search" onSubmit={(e) => { e.preventDefault(); set({ q: nfc(draft) }); }}>
        <TextField label="Tìm theo tên phong trào" id="catalogue-q" value={draft} onChange={setDraft}
          hint="Không phân biệt dấu và chữ hoa: “tu phap” tìm được “Tư pháp”." type="search" />
        <SelectField label="Loại phong trào" id="catalogue-kind" value={kind} onChange={(v) => set({ kind: v })}
          options={[{ value: '', label: 'Tất cả' }, ...Object.entries(MOVEMENT_KIND).map(([value, l]) => ({ value, label: l }))]} />
        <SelectField label="Trạng thái" id="catalogue-status" value={status} onChange={(v) => set({ status: v })}
          options={[{ value: '', label: 'Tất cả' }, ...Object.entries(MOVEMENT_STATUS).map(([value, l]) => ({ value, label: l }))]} />
        <div class="field field-button"><button type="submit" id="catalogue-search">Tìm</button></div>
      </form>
      <ProblemAlert error={list.error} />
      {list.data && (
        <>
          <ul class="movements" aria-busy={list.loading ? 'true' : 'false'}>
            {list.data.items.map((m) => <MovementCard movement={m} />)}
          </ul>
          {list.data.items.length === 0 && <p>Không có phong trào nào phù hợp.</p>}
          <Pager page={list.data.page} totalPages={list.data.totalPages} totalItems={list.data.totalItems}
            onPage={(p) => set({ page: p })} />
        </>
      )}
    </div>
  );
}

function Document({ doc }) {
  return (
    <span>{label(DOCUMENT_KIND, doc.kind)} số {doc.number} ngày {formatDate(doc.issuedOn)} của {doc.issuer}
      {doc.title ? <> — <em>{doc.title}</em></> : null}</span>
  );
}

function MovementCard({ movement: m }) {
  const { unitName } = useApp();
  return (
    <li class="card movement" data-movement={m.code}>
      <h2 class="movement-title">{m.title}</h2>
      <dl class="facts">
        <div><dt>Mã</dt><dd>{m.code}</dd></div>
        <div><dt>Loại</dt><dd>{label(MOVEMENT_KIND, m.kind)}</dd></div>
        <div><dt>Thời gian</dt><dd>{formatDate(m.periodStart)} – {formatDate(m.periodEnd)}</dd></div>
        <div><dt>Trạng thái</dt><dd>{label(MOVEMENT_STATUS, m.status)}{m.closedOn ? ` ngày ${formatDate(m.closedOn)}` : ''}</dd></div>
        <div><dt>Nhiệm vụ trọng tâm</dt><dd>{m.keyTasks.length}</dd></div>
        <div><dt>Đơn vị đăng ký</dt><dd>{m.enrolledUnits.length}</dd></div>
      </dl>
      {m.launchingPlan && <p>Phát động theo <Document doc={m.launchingPlan} /></p>}
      <p class="links">
        {m.keyTasks.length > 0 && <a href={hrefOf('/nhiem-vu', { movementId: m.code })}>Bảng nhiệm vụ trọng tâm</a>}
        {m.kind === 'MULTI_YEAR' && <a href={hrefOf('/xa', { movementId: m.code })}>Bảng giúp đỡ xã</a>}
      </p>
      <details>
        <summary>Chi tiết: căn cứ, nhiệm vụ, đơn vị</summary>
        {m.closingSummary && <p><strong>Tổng kết:</strong> {m.closingSummary}</p>}
        {m.legalBasis?.length > 0 && (
          <>
            <h3>Căn cứ</h3>
            <ul>{m.legalBasis.map((d) => <li><Document doc={d} /></li>)}</ul>
          </>
        )}
        {m.keyTasks.length > 0 && (
          <>
            <h3>Nhiệm vụ trọng tâm và chỉ tiêu</h3>
            <ol class="tasks">
              {m.keyTasks.map((t) => (
                <li value={t.taskNo}>{t.title}
                  <ul>{t.indicators.map((i) => (
                    <li>{i.code}: {i.name} — chỉ tiêu {formatNumber(i.target, 4)} {i.unitOfMeasure}</li>
                  ))}</ul>
                </li>
              ))}
            </ol>
          </>
        )}
        {m.enrolledUnits.length > 0 && (
          <>
            <h3>Đơn vị đăng ký thi đua</h3>
            <div class="table-wrap">
              <table>
                <thead><tr><th scope="col">Đơn vị</th><th scope="col">Ngày đăng ký</th><th scope="col">Danh hiệu đăng ký</th><th scope="col">Cam kết</th></tr></thead>
                <tbody>
                  {m.enrolledUnits.map((u) => (
                    <tr><th scope="row">{unitName(u.unitId)}</th><td>{formatDate(u.enrolledOn)}</td>
                      <td>{u.pledgedTitle ?? '—'}</td><td>{u.pledges ?? '—'}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </details>
    </li>
  );
}
