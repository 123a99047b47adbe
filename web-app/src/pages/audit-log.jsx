import { useEffect, useState } from 'preact/hooks';
import { commandQuery, query } from '../lib/api.js';
import { formatDateTime, nfc, parseDateTimeInput, toDateTimeInput } from '../lib/format.js';
import { EVENT_TYPE, ROLES, label } from '../lib/labels.js';
import { hrefOf, navigate } from '../lib/route.js';
import { Pager, ProblemAlert, SelectField, TextField } from '../components.jsx';
import { useApp, useAsync, useLiveRefresh } from '../hooks.js';

const PATH = '/nhat-ky';

/** The auditors' page: the integrity check's verdict, the event log with filters, links to each stream's playback. */
export function AuditLog({ params }) {
  const { config, unitName } = useApp();
  const filters = {
    aggregateId: params.aggregateId ?? '', type: params.type ?? '', unitId: params.unitId ?? '',
    from: params.from ?? '', to: params.to ?? '',
  };
  const page = +(params.page ?? 0);
  const set = (changes) => navigate(PATH, { ...filters, ...changes, page: changes.page ?? 0 }, { replace: true });
  const asDraft = () => ({ ...filters, from: toDateTimeInput(filters.from), to: toDateTimeInput(filters.to) });
  const [draft, setDraft] = useState(asDraft);
  const [dateErrors, setDateErrors] = useState({});
  useEffect(() => setDraft(asDraft()), [JSON.stringify(filters)]);
  const log = useAsync((signal) => query('/api/v1/audit/events', { ...filters, page, size: 50 }, { signal }),
    [JSON.stringify(filters), page]);
  const [fresh, setFresh] = useState(0);
  useLiveRefresh((c) => c.board === 'audit', async (c) => {
    if (page === 0 && !filters.to) {
      await log.reload();
    } else {
      setFresh((n) => n + (c.events ?? 1));
    }
  }, [page, filters.to, log.reload]);
  const apply = (e) => {
    e.preventDefault();
    const from = draft.from.trim() ? parseDateTimeInput(draft.from) : '';
    const to = draft.to.trim() ? parseDateTimeInput(draft.to) : '';
    const wrong = 'Dạng ngày/tháng/năm giờ:phút, ví dụ 30/06/2018 17:00.';
    setDateErrors({ from: from === null ? wrong : null, to: to === null ? wrong : null });
    if (from === null || to === null) {
      return;
    }
    setFresh(0);
    set({ aggregateId: nfc(draft.aggregateId), type: draft.type, unitId: draft.unitId, from, to });
  };
  return (
    <div>
      <Integrity />
      <h2>Nhật ký sự kiện</h2>
      <form class="filters" onSubmit={apply}>
        <TextField label="Dòng sự kiện (mã phong trào, kết quả hoặc xã)" id="audit-aggregate" value={draft.aggregateId}
          onChange={(v) => setDraft({ ...draft, aggregateId: v })} hint="Ví dụ TDTN-2018~1~PTP-213~2018-Q1" />
        <SelectField label="Loại sự kiện" id="audit-type" value={draft.type} onChange={(v) => setDraft({ ...draft, type: v })}
          options={[{ value: '', label: 'Tất cả' }, ...Object.entries(EVENT_TYPE).map(([value, l]) => ({ value, label: l }))]} />
        <SelectField label="Đơn vị gửi" id="audit-unit" value={draft.unitId} onChange={(v) => setDraft({ ...draft, unitId: v })}
          options={[{ value: '', label: 'Tất cả' }, ...config.reference.units.map((u) => ({ value: u.id, label: `${u.name} (${u.id})` }))]} />
        <TextField label="Từ thời điểm (giờ Việt Nam)" id="audit-from" value={draft.from} inputMode="numeric"
          onChange={(v) => setDraft({ ...draft, from: v })} hint="dd/mm/yyyy hh:mm" error={dateErrors.from} />
        <TextField label="Đến thời điểm (giờ Việt Nam)" id="audit-to" value={draft.to} inputMode="numeric"
          onChange={(v) => setDraft({ ...draft, to: v })} hint="dd/mm/yyyy hh:mm" error={dateErrors.to} />
        <div class="field field-button"><button type="submit" id="audit-search">Lọc</button></div>
      </form>
      {fresh > 0 && (
        <p class="alert alert-ok" role="status">Có {fresh} sự kiện mới. <button type="button" class="link"
          onClick={() => { setFresh(0); set({ page: 0 }); }}>Xem từ đầu</button></p>
      )}
      <ProblemAlert error={log.error} />
      {log.data && (
        <>
          <div class="table-wrap">
            <table id="audit-events">
              <caption>Sự kiện theo thứ tự trong nhật ký (giờ Việt Nam)</caption>
              <thead>
                <tr><th scope="col">Vị trí</th><th scope="col">Thời điểm</th><th scope="col">Sự kiện</th>
                  <th scope="col">Dòng sự kiện</th><th scope="col">Người gửi</th><th scope="col">Nội dung</th></tr>
              </thead>
              <tbody>
                {log.data.items.map((e) => (
                  <tr data-position={e.position} data-type={e.type}>
                    <td class="num">{e.position}{e.index ? `.${e.index}` : ''}</td>
                    <td>{formatDateTime(e.timestamp)}</td>
                    <td>{label(EVENT_TYPE, e.type)}<span class="code">{e.type} v{e.revision ?? '?'}</span></td>
                    <td><a href={hrefOf('/dong-su-kien', { id: e.aggregateId })}>{e.aggregateId}</a><span class="code">#{e.sequence}</span></td>
                    <td>{e.metadata?.subject ?? '—'}<span class="code">{label(ROLES, e.metadata?.role)}
                      {e.metadata?.unitId ? ` — ${unitName(e.metadata.unitId)}` : ''}</span></td>
                    <td><details><summary>Xem</summary><pre>{JSON.stringify({ payload: e.payload, metadata: e.metadata }, null, 2)}</pre></details></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={log.data.page} totalPages={log.data.totalPages} totalItems={log.data.totalItems} onPage={(p) => set({ page: p })} />
        </>
      )}
    </div>
  );
}

/** GET the command-service's /api/v1/audit/integrity: the hash chain and checkpoints walked, every broken link listed. */
function Integrity() {
  const check = useAsync(() => commandQuery('/api/v1/audit/integrity'), []);
  const v = check.data;
  return (
    <section class="card integrity" aria-labelledby="integrity-title" aria-busy={check.loading ? 'true' : 'false'}>
      <h2 id="integrity-title">Kiểm tra toàn vẹn nhật ký</h2>
      <ProblemAlert error={check.error} />
      {check.loading && <p role="status">Đang kiểm tra chuỗi băm…</p>}
      {v && !check.loading && (
        <div id="integrity-verdict" data-verified={String(v.verified)}>
          {v.verified
            ? <p class="verdict verdict-ok">Toàn vẹn: không phát hiện sự kiện nào bị sửa, xóa hoặc chèn.</p>
            : <p class="verdict verdict-bad">Phát hiện {v.brokenCount} liên kết bị phá vỡ, đầu tiên ở vị trí {v.firstBroken?.position ?? '?'}.</p>}
          <p>Đã kiểm tra {v.eventsChecked} sự kiện ở {v.positionsChecked} vị trí và {v.checkpointsChecked} điểm kiểm tra.</p>
          {!v.verified && (
            <ul>{v.broken.map((b) => <li><code>{JSON.stringify(b)}</code></li>)}</ul>
          )}
        </div>
      )}
      <button type="button" class="secondary" id="integrity-again" disabled={check.loading} onClick={() => check.reload()}>Kiểm tra lại</button>
    </section>
  );
}
