import { useState } from 'preact/hooks';
import { command, query } from '../lib/api.js';
import { formatNumber, formatPercent, nfc } from '../lib/format.js';
import { submissionKeys } from '../lib/ids.js';
import { periodLabel } from '../lib/periods.js';
import { navigate } from '../lib/route.js';
import { Freshness, MovementSelect, Notice, PeriodSelect, ProblemAlert, TextField } from '../components.jsx';
import { useAsync } from '../hooks.js';
import { useLiveBoard } from './board-common.jsx';
import { useTaskMovements } from './key-task-board.jsx';

const PATH = '/duyet';

/** The province's review: every result submitted and not yet reviewed in a period, approved or returned with a reason. */
export function Review({ params }) {
  const { movements, withTasks, movement, period } = useTaskMovements(params);
  const set = (changes) => navigate(PATH, { movementId: movement?.code, period, ...changes }, { replace: true });
  const board = useAsync(async (signal) => {
    if (!movement) {
      return null;
    }
    const first = await query('/api/v1/reports/key-tasks',
      { movementId: movement.code, period, status: 'SUBMITTED', counted: 'REPORTED', size: 200 }, { signal });
    const items = [...first.items];
    for (let p = 1; p < first.totalPages; p++) {
      items.push(...(await query('/api/v1/reports/key-tasks', {
        movementId: movement.code, period, status: 'SUBMITTED', counted: 'REPORTED', size: 200, page: p,
      }, { signal })).items);
    }
    return { ...first, items };
  }, [movement?.code, period]);
  const { updatedAt } = useLiveBoard(board, {
    enabled: !!movement,
    matches: (c) => c.movementId === movement?.code && ((c.board === 'key-tasks' && c.period === period) || c.board === 'catalogue'),
    rowsOf: (b) => b.items, keyOf: (r) => r.unitId,
  });
  if (movements.error) {
    return <ProblemAlert error={movements.error} />;
  }
  const data = board.data;
  const pending = (data?.items ?? []).flatMap((r) => r.cells.filter((c) => c.status === 'SUBMITTED')
    .map((c) => ({ row: r, cell: c, task: data.tasks.find((t) => t.taskNo === c.taskNo) })))
    .sort((a, b) => a.row.unitId.localeCompare(b.row.unitId) || a.cell.taskNo - b.cell.taskNo);
  return (
    <div>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        {movement && <MovementSelect movements={withTasks} value={movement.code} onChange={(v) => set({ movementId: v, period: null })} />}
        {movement && <PeriodSelect movement={movement} value={period} onChange={(v) => set({ period: v })} />}
      </form>
      <ProblemAlert error={board.error} />
      {data && (
        <>
          <Freshness currentTo={data.currentTo} updatedAt={updatedAt} />
          <p class="lead" id="pending-count" data-count={pending.length}>
            {pending.length ? `${pending.length} kết quả chờ duyệt trong ${periodLabel(period)}.` : `Không có kết quả nào chờ duyệt trong ${periodLabel(period)}.`}
          </p>
          <ul class="pending">
            {pending.map((p) => <PendingResult key={`${p.row.unitId}-${p.cell.taskNo}-${p.cell.corrections}`}
              movement={movement} period={period} {...p} onDone={() => board.reload()} />)}
          </ul>
        </>
      )}
    </div>
  );
}

function PendingResult({ movement, period, row, cell, task, onDone }) {
  const resultId = `${movement.code}~${cell.taskNo}~${row.unitId}~${period}`;
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [fieldError, setFieldError] = useState(null);
  const [done, setDone] = useState(null);
  const [keys] = useState(() => submissionKeys());
  const id = `review-${row.unitId}-${cell.taskNo}`;
  const detail = useAsync((signal) => query(`/api/v1/reports/task-results/${encodeURIComponent(resultId)}`, {}, { signal }),
    [resultId, cell.corrections]);
  const act = async (action) => {
    const note = nfc(text);
    if (action === 'return' && !note) {
      setFieldError('Nêu lý do trả lại để đơn vị sửa.');
      return;
    }
    setFieldError(null);
    const path = `/api/v1/task-results/${encodeURIComponent(resultId)}/${action === 'return' ? 'return' : 'approval'}`;
    const body = action === 'return' ? { reason: note } : { note: note || null };
    setBusy(true);
    setError(null);
    try {
      await command(path, body, keys.keyFor(path + JSON.stringify(body)));
      keys.done();
      setDone(action === 'return' ? 'Đã trả lại kết quả cho đơn vị.' : 'Đã duyệt kết quả.');
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li class="card pending-result" id={id} data-result={resultId} data-unit={row.unitId} data-task={cell.taskNo}>
      <h2>{row.unitName} — Nhiệm vụ {cell.taskNo}</h2>
      <p class="hint">{task?.title}</p>
      <ul class="plain">
        {cell.values.map((v) => {
          const i = task?.indicators.find((x) => x.code === v.code);
          return (
            <li>{v.code} {i?.name}: <strong>{formatNumber(v.value, 4)}</strong> / {formatNumber(v.target, 4)} {i?.unitOfMeasure}
              {v.ratio !== null && v.ratio !== undefined ? ` (${formatPercent(v.ratio)})` : ''}</li>
          );
        })}
      </ul>
      <p>Tài liệu kiểm chứng: {detail.data ? detail.data.evidence || '(không có)' : '…'}</p>
      {cell.corrections > 0 && (
        <p>Đơn vị đã sửa {cell.corrections} lần{detail.data?.lastCorrectionReason ? `, lý do: ${detail.data.lastCorrectionReason}` : ''}
          {detail.data?.returnReason ? ` (lần trả lại gần nhất: ${detail.data.returnReason})` : ''}.</p>
      )}
      {!done && (
        <div class="review-actions">
          <TextField label="Ghi chú khi duyệt, hoặc lý do trả lại" id={`${id}-text`} value={text} onChange={setText} multiline
            maxLength={2000} error={fieldError} />
          <div class="inline">
            <button type="button" id={`${id}-approve`} disabled={busy} onClick={() => act('approve')}>Duyệt</button>
            <button type="button" id={`${id}-return`} class="danger" disabled={busy} onClick={() => act('return')}>Trả lại</button>
          </div>
        </div>
      )}
      {done && <Notice>{done}</Notice>}
      <ProblemAlert error={error} />
    </li>
  );
}
