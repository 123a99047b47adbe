import { query } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';
import { EVENT_TYPE, ROLES, label } from '../lib/labels.js';
import { hrefOf, navigate } from '../lib/route.js';
import { Pager, ProblemAlert } from '../components.jsx';
import { useAsync } from '../hooks.js';

/** One stream played back: each event with the state of its movement, result or commune support after it. */
export function StreamPlayback({ params }) {
  const id = params.id ?? '';
  const page = +(params.page ?? 0);
  const stream = useAsync((signal) => (id ? query(`/api/v1/audit/streams/${encodeURIComponent(id)}`, { page, size: 50 }, { signal }) : null),
    [id, page]);
  return (
    <div>
      <p><a href={hrefOf('/nhat-ky', { aggregateId: id })}>‹ Nhật ký của dòng này</a></p>
      <p class="lead">Dòng sự kiện <code id="playback-id">{id || '—'}</code>{stream.data ? ` (${stream.data.aggregateType})` : ''}</p>
      <ProblemAlert error={stream.error} />
      {stream.data && (
        <>
          <ol class="timeline" id="playback">
            {stream.data.items.map((e) => (
              <li data-sequence={e.sequence}>
                <h2>#{e.sequence} {label(EVENT_TYPE, e.type)}</h2>
                <p>{formatDateTime(e.timestamp)} · vị trí {e.position} · {e.metadata?.subject ?? '—'}
                  ({label(ROLES, e.metadata?.role)})</p>
                <div class="two">
                  <details open={e.sequence === 0}><summary>Sự kiện</summary><pre>{JSON.stringify(e.payload, null, 2)}</pre></details>
                  <details open><summary>Trạng thái sau sự kiện</summary><pre>{JSON.stringify(e.state, null, 2)}</pre></details>
                </div>
              </li>
            ))}
          </ol>
          <Pager page={stream.data.page} totalPages={stream.data.totalPages} totalItems={stream.data.totalItems}
            onPage={(p) => navigate('/dong-su-kien', { id, page: p }, { replace: true })} />
        </>
      )}
    </div>
  );
}
