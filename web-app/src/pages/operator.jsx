import { query } from '../lib/api.js';
import { formatNumber } from '../lib/format.js';
import { ProblemAlert } from '../components.jsx';
import { useAsync } from '../hooks.js';

/** Whoever runs the services: health and the projection's counter; nothing of the movements (the API refuses it). */
export function Operator() {
  const health = useAsync(() => query('/actuator/health'), []);
  const applied = useAsync(() => query('/actuator/metrics/thidua.projection.events'), []);
  const count = applied.data?.measurements?.find((m) => m.statistic === 'COUNT')?.value;
  return (
    <div>
      <p>Vai trò vận hành đọc tình trạng và số đo của dịch vụ, không đọc số liệu phong trào.</p>
      <ProblemAlert error={health.error ?? applied.error} />
      <dl class="facts card">
        <div><dt>Tình trạng dịch vụ truy vấn</dt><dd id="health">{health.data?.status === 'UP' ? 'Hoạt động bình thường' : health.data?.status ?? '…'}</dd></div>
        <div><dt>Sự kiện đã chiếu vào bảng (từ khi khởi động)</dt><dd id="events-applied">{count === undefined ? '…' : formatNumber(count, 0)}</dd></div>
      </dl>
    </div>
  );
}
