import { useEffect, useMemo, useState } from 'preact/hooks';
import { command, query } from '../lib/api.js';
import { decimal, decimalInput, formatNumber, formatPercent, nfc, parseDecimal } from '../lib/format.js';
import { submissionKeys } from '../lib/ids.js';
import { defaultPeriod, periodLabel } from '../lib/periods.js';
import { navigate } from '../lib/route.js';
import { Freshness, MovementSelect, Notice, PeriodSelect, ProblemAlert, StatusBadge, TextField } from '../components.jsx';
import { useApp, useAsync, useMovements } from '../hooks.js';
import { useLiveBoard } from './board-common.jsx';

const PATH = '/bao-cao';

/**
 * A unit's reporter: this period's key tasks with their indicators and targets; enter the values and the evidence and
 * submit; a result the province returned shows its reason and is corrected and submitted again. The unit is the
 * token's: the page has no way to name another, and the services refuse it anyway.
 */
export function Reporting({ params }) {
  const { session, unitName } = useApp();
  const movements = useMovements();
  const mine = (movements.data ?? []).filter((m) => m.keyTasks.length > 0
    && m.enrolledUnits.some((u) => u.unitId === session.unitId));
  const movement = mine.find((m) => m.code === params.movementId) ?? mine.find((m) => m.status === 'OPEN') ?? mine[0] ?? null;
  const period = movement && (params.period ?? defaultPeriod(movement, new Date().toISOString()));
  const set = (changes) => navigate(PATH, { movementId: movement?.code, period, ...changes }, { replace: true });
  const board = useAsync((signal) => (movement ? query('/api/v1/reports/key-tasks',
    { movementId: movement.code, period, counted: 'REPORTED', size: 1 }, { signal }) : null), [movement?.code, period]);
  const { updatedAt } = useLiveBoard(board, {
    enabled: !!movement,
    matches: (c) => c.movementId === movement?.code && ((c.board === 'key-tasks' && c.period === period) || c.board === 'catalogue'),
    rowsOf: (b) => b.items, keyOf: (r) => r.unitId,
  });

  if (movements.error) {
    return <ProblemAlert error={movements.error} />;
  }
  if (movements.data && !movement) {
    return <p>{unitName(session.unitId)} chưa đăng ký phong trào nào có nhiệm vụ trọng tâm.</p>;
  }
  const data = board.data;
  const row = data?.items[0];
  return (
    <div>
      <p class="lead">Đơn vị: <strong id="reporting-unit" data-unit={session.unitId}>{unitName(session.unitId)} ({session.unitId})</strong></p>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        {movement && <MovementSelect movements={mine} value={movement.code} onChange={(v) => set({ movementId: v, period: null })} />}
        {movement && <PeriodSelect movement={movement} value={period} onChange={(v) => set({ period: v })} />}
      </form>
      <ProblemAlert error={board.error} />
      {data && <Freshness currentTo={data.currentTo} updatedAt={updatedAt} />}
      {movement?.status === 'CLOSED' && <Notice kind="warn">Phong trào đã tổng kết: không nhận thêm kết quả.</Notice>}
      {data && row && (
        <div class="task-forms">
          {data.tasks.map((t) => (
            <TaskForm key={`${movement.code}-${period}-${t.taskNo}`} movement={movement} period={period} task={t}
              cell={row.cells.find((c) => c.taskNo === t.taskNo)} unitId={session.unitId}
              onSaved={() => board.reload()} />
          ))}
        </div>
      )}
      {data && !row && <p>Đơn vị không có trong bảng của kỳ này.</p>}
    </div>
  );
}

function TaskForm({ movement, period, task, cell, unitId, onSaved }) {
  const status = cell?.status ?? 'NOT_REPORTED';
  const reported = status !== 'NOT_REPORTED';
  const initial = useMemo(() => Object.fromEntries(task.indicators.map((i) => [i.code,
    decimalInput(cell?.values.find((v) => v.code === i.code)?.value ?? null)])), [cell]);
  const [values, setValues] = useState(initial);
  const [evidence, setEvidence] = useState('');
  const [evidenceTouched, setEvidenceTouched] = useState(false);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(null);
  const [keys] = useState(() => submissionKeys());
  const prefix = `task-${task.taskNo}`;
  const resultId = `${movement.code}~${task.taskNo}~${unitId}~${period}`;
  const editable = movement.status === 'OPEN' && status !== 'APPROVED';
  // what the board's cell leaves out: the evidence sent, the province's reason for returning it
  const detail = useAsync((signal) => (reported ? query(`/api/v1/reports/task-results/${encodeURIComponent(resultId)}`, {}, { signal })
    : null), [resultId, status, cell?.corrections]);
  useEffect(() => {
    if (detail.data && !evidenceTouched) {
      setEvidence(detail.data.evidence ?? '');
    }
  }, [detail.data]);

  const submit = async (e) => {
    e.preventDefault();
    const found = {};
    const sent = [];
    for (const i of task.indicators) {
      const text = values[i.code] ?? '';
      if (text.trim() === '') {
        continue;
      }
      const value = parseDecimal(text);
      if (value === null) {
        found[i.code] = 'Nhập số không âm, phần thập phân dùng dấu phẩy (ví dụ 92,5), tối đa 4 chữ số sau dấu phẩy.';
      } else {
        sent.push({ code: i.code, value: decimal(value) });
      }
    }
    if (!sent.length && !Object.keys(found).length) {
      found._values = 'Nhập giá trị cho ít nhất một chỉ tiêu.';
    }
    if (reported && !nfc(reason)) {
      found._reason = 'Nêu lý do sửa kết quả.';
    }
    setErrors(found);
    if (Object.keys(found).length) {
      return;
    }
    const body = reported
      ? { values: sent, evidence: nfc(evidence) || null, reason: nfc(reason) }
      : { unitId, period, values: sent, evidence: nfc(evidence) || null };
    const path = reported ? `/api/v1/task-results/${encodeURIComponent(resultId)}/corrections`
      : `/api/v1/movements/${encodeURIComponent(movement.code)}/key-tasks/${task.taskNo}/results`;
    const key = keys.keyFor(path + JSON.stringify(body));
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const answer = await command(path, body, key);
      keys.done();
      setReason('');
      setSaved(answer.replayed ? 'Kết quả này đã được ghi nhận trước đó (không ghi thêm).'
        : reported ? 'Đã gửi lại kết quả đã sửa.' : 'Đã gửi kết quả.');
      onSaved();
    } catch (err) {
      setError(err);
      const fields = {};
      for (const [field, message] of Object.entries(err.problem?.fields ?? {})) {
        const m = /^values\[(\d+)\]/.exec(field);
        fields[m ? sent[+m[1]]?.code ?? field : `_${field}`] = message;
      }
      setErrors(fields);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card task-form" id={prefix} data-task={task.taskNo} data-status={status} aria-labelledby={`${prefix}-title`}>
      <h2 id={`${prefix}-title`}>Nhiệm vụ {task.taskNo}: {task.title}</h2>
      <p><StatusBadge status={status} /> {periodLabel(period)}
        {cell && reported ? <> · hoàn thành {formatPercent(cell.completion)}{cell.corrections ? ` · đã sửa ${cell.corrections} lần` : ''}</> : null}</p>
      {status === 'APPROVED' && detail.data?.reviewNote && <p>Ghi chú của Sở khi duyệt: {detail.data.reviewNote}</p>}
      {status === 'RETURNED' && (
        <div class="alert alert-warn return-reason" role="status">
          <p><strong>Sở trả lại kết quả.</strong> Lý do: <span class="reason-text">{detail.data?.returnReason ?? '…'}</span></p>
          <p>Sửa số liệu hoặc tài liệu kiểm chứng, nêu lý do sửa rồi gửi lại.</p>
        </div>
      )}
      <form onSubmit={submit} novalidate>
        <div class="table-wrap">
          <table class="indicators">
            <thead><tr><th scope="col">Chỉ tiêu</th><th scope="col">Mục tiêu</th><th scope="col">Giá trị đạt được</th></tr></thead>
            <tbody>
              {task.indicators.map((i) => (
                <tr>
                  <th scope="row"><label for={`${prefix}-${i.code}`}>{i.code}: {i.name}</label></th>
                  <td class="num">{formatNumber(i.target, 4)} {i.unitOfMeasure}</td>
                  <td>
                    <input id={`${prefix}-${i.code}`} name={i.code} inputMode="decimal" autoComplete="off" value={values[i.code]}
                      disabled={!editable} aria-invalid={errors[i.code] ? 'true' : undefined}
                      aria-describedby={errors[i.code] ? `${prefix}-${i.code}-error` : `${prefix}-unit-${i.code}`}
                      onInput={(e) => setValues({ ...values, [i.code]: e.currentTarget.value })} />
                    <span class="unit" id={`${prefix}-unit-${i.code}`}>{i.unitOfMeasure}</span>
                    {errors[i.code] && <p class="error" id={`${prefix}-${i.code}-error`}>{errors[i.code]}</p>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {errors._values && <p class="error" role="alert">{errors._values}</p>}
        <TextField label="Tài liệu kiểm chứng" id={`${prefix}-evidence`} value={evidence}
          onChange={(v) => { setEvidenceTouched(true); setEvidence(v); }} multiline disabled={!editable}
          hint="Số, ngày của báo cáo hoặc văn bản chứng minh kết quả." maxLength={4000} error={errors._evidence} />
        {reported && editable && (
          <TextField label="Lý do sửa" id={`${prefix}-reason`} value={reason} onChange={setReason} required multiline
            maxLength={2000} error={errors._reason} />
        )}
        {editable && (
          <button type="submit" id={`${prefix}-submit`} disabled={busy}>
            {busy ? 'Đang gửi…' : status === 'RETURNED' ? 'Gửi lại kết quả đã sửa' : reported ? 'Sửa và gửi lại' : 'Gửi kết quả'}
          </button>
        )}
        {saved && <Notice>{saved}</Notice>}
        <ProblemAlert error={error} />
      </form>
    </section>
  );
}
