import { useState } from 'preact/hooks';
import { command, query } from '../lib/api.js';
import { formatDate, formatNumber, nfc, parseDateInput } from '../lib/format.js';
import { submissionKeys } from '../lib/ids.js';
import { ACTIVITY_TYPE, label } from '../lib/labels.js';
import { navigate } from '../lib/route.js';
import { Freshness, MovementSelect, Notice, ProblemAlert, SelectField, TextField } from '../components.jsx';
import { useApp, useAsync } from '../hooks.js';
import { useLiveBoard } from './board-common.jsx';
import { useSupportMovements } from './support-board.jsx';

const PATH = '/giup-do-xa';

/** A unit's reporter records the activities it held in the communes it supports (the board narrowed to its unit). */
export function SupportActivities({ params }) {
  const { session, unitName } = useApp();
  const { movements, multiYear, movement } = useSupportMovements(params);
  const set = (changes) => navigate(PATH, { movementId: movement?.code, ...changes }, { replace: true });
  const board = useAsync((signal) => (movement ? query('/api/v1/reports/communes',
    { movementId: movement.code, size: 200 }, { signal }) : null), [movement?.code]);
  const { changed, updatedAt } = useLiveBoard(board, {
    enabled: !!movement, matches: (c) => c.board === 'communes' && c.movementId === movement?.code,
    rowsOf: (b) => b.items, keyOf: (r) => r.communeCode,
  });
  if (movements.error) {
    return <ProblemAlert error={movements.error} />;
  }
  if (movements.data && !movement) {
    return <p>Chưa có phong trào nhiều năm nào.</p>;
  }
  const data = board.data;
  const active = (data?.items ?? []).filter((r) => r.activeSupporters.includes(session.unitId));
  return (
    <div>
      <p class="lead">Đơn vị: <strong>{unitName(session.unitId)} ({session.unitId})</strong></p>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        {movement && <MovementSelect movements={multiYear} value={movement.code} onChange={(v) => set({ movementId: v })} />}
      </form>
      <ProblemAlert error={board.error} />
      {data && <Freshness currentTo={data.currentTo} updatedAt={updatedAt} />}
      {data && active.length === 0 && <p>Đơn vị hiện không được phân công giúp đỡ xã nào trong phong trào này.</p>}
      {data && active.length > 0 && (
        <ActivityForm movement={movement} communes={active} unitId={session.unitId} onSaved={() => board.reload()} />
      )}
      {data && data.items.length > 0 && (
        <section aria-labelledby="communes-title">
          <h2 id="communes-title">Các xã đơn vị giúp đỡ</h2>
          <div class="table-wrap">
            <table id="unit-communes">
              <thead><tr><th scope="col">Xã</th><th scope="col">Huyện</th><th scope="col">Thời gian giúp đỡ</th>
                <th scope="col">Hoạt động đã ghi nhận</th><th scope="col">Gần nhất</th></tr></thead>
              <tbody>
                {data.items.map((r) => {
                  const mine = r.supporters.filter((s) => s.unitId === session.unitId);
                  return (
                    <tr data-commune={r.communeCode} class={changed.has(r.communeCode) ? 'row-updated' : ''}>
                      <th scope="row">{r.communeName}<span class="code">{r.communeCode}</span></th>
                      <td>{r.districtName}</td>
                      <td>{mine.map((s) => `từ ${formatDate(s.since)}${s.until ? ` đến ${formatDate(s.until)}` : ''}`).join('; ')}</td>
                      <td>
                        <ul class="plain">
                          {r.activities.map((a) => <li>{label(ACTIVITY_TYPE, a.type)}: {a.count} lần, {formatNumber(a.participants)} người</li>)}
                        </ul>
                        {r.activities.length === 0 && '—'}
                      </td>
                      <td>{formatDate(r.latestActivity)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}

function ActivityForm({ movement, communes, unitId, onSaved }) {
  const [commune, setCommune] = useState(communes[0].communeCode);
  const [type, setType] = useState('LEGAL_DISSEMINATION');
  const [heldOn, setHeldOn] = useState('');
  const [participants, setParticipants] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(null);
  const [keys] = useState(() => submissionKeys());
  const submit = async (e) => {
    e.preventDefault();
    const found = {};
    const day = parseDateInput(heldOn);
    if (!day) {
      found.heldOn = 'Nhập ngày tổ chức dạng ngày/tháng/năm, ví dụ 12/05/2018.';
    }
    if (!/^\d{1,6}$/.test(participants.trim()) || +participants > 100000) {
      found.participants = 'Nhập số người tham dự (số nguyên, không âm).';
    }
    if (!nfc(description)) {
      found.description = 'Mô tả ngắn gọn hoạt động.';
    }
    setErrors(found);
    if (Object.keys(found).length) {
      return;
    }
    const body = { unitId, type, heldOn: day, participants: +participants, description: nfc(description) };
    const path = `/api/v1/movements/${encodeURIComponent(movement.code)}/communes/${commune}/activities`;
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const answer = await command(path, body, keys.keyFor(path + JSON.stringify(body)));
      keys.done();
      setSaved(answer.replayed ? 'Hoạt động này đã được ghi nhận trước đó (không ghi thêm).' : 'Đã ghi nhận hoạt động.');
      setDescription('');
      setParticipants('');
      onSaved();
    } catch (err) {
      setError(err);
      setErrors(err.problem?.fields ?? {});
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="activity-title">
      <h2 id="activity-title">Ghi nhận hoạt động giúp đỡ</h2>
      <form onSubmit={submit} novalidate id="activity-form" class="grid-form">
        <SelectField label="Xã được giúp đỡ" id="activity-commune" value={commune} onChange={setCommune}
          options={communes.map((c) => ({ value: c.communeCode, label: `${c.communeName} — ${c.districtName}` }))} />
        <SelectField label="Loại hoạt động" id="activity-type" value={type} onChange={setType}
          options={Object.entries(ACTIVITY_TYPE).map(([value, l]) => ({ value, label: l }))} />
        <TextField label="Ngày tổ chức" id="activity-date" inputMode="numeric" value={heldOn} onChange={setHeldOn} required
          error={errors.heldOn} hint={`dd/mm/yyyy, trong thời gian phong trào (${formatDate(movement.periodStart)} – ${formatDate(movement.periodEnd)}).`} />
        <TextField label="Số người tham dự" id="activity-participants" inputMode="numeric" value={participants}
          onChange={setParticipants} required error={errors.participants} />
        <TextField label="Mô tả" id="activity-description" value={description} onChange={setDescription} multiline required
          maxLength={4000} error={errors.description} />
        <button type="submit" id="activity-submit" disabled={busy}>{busy ? 'Đang gửi…' : 'Ghi nhận'}</button>
        {saved && <Notice>{saved}</Notice>}
        <ProblemAlert error={error} />
      </form>
    </section>
  );
}
