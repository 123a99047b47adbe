import { useEffect, useState } from 'preact/hooks';
import { download, saveFile } from './lib/api.js';
import { formatDate, formatDateTime, formatTime, parseDateTimeInput, toDateTimeInput } from './lib/format.js';
import { STRUCTURES } from './lib/provinces.js';
import { RESULT_STATUS, label } from './lib/labels.js';
import { periodsOf } from './lib/periods.js';
import { useApp, useLiveStatus } from './hooks.js';

let ids = 0;
export function useId(prefix) {
  const [id] = useState(() => `${prefix}-${++ids}`);
  return id;
}

/** An error answer, told in Vietnamese (the service's own words kept for whoever needs them). */
export function ProblemAlert({ error }) {
  if (!error) {
    return null;
  }
  const p = error.problem;
  return (
    <div class="alert alert-error" role="alert">
      <p>{error.message}</p>
      {p?.detail && <p class="detail">Chi tiết: {p.detail}</p>}
    </div>
  );
}

export function Notice({ children, kind = 'ok' }) {
  return <div class={`alert alert-${kind}`} role="status">{children}</div>;
}

export function StatusBadge({ status }) {
  return <span class={`badge badge-${(status || '').toLowerCase()}`} data-status={status}>{label(RESULT_STATUS, status)}</span>;
}

export function SelectField({ label: text, value, onChange, options, id, hint, disabled, name }) {
  const fallback = useId('f');
  const fid = id || fallback;
  return (
    <div class="field">
      <label for={fid}>{text}</label>
      <select id={fid} name={name} value={value ?? ''} disabled={disabled} onChange={(e) => onChange(e.currentTarget.value)}
        aria-describedby={hint ? `${fid}-hint` : undefined}>
        {options.map((o) => (o.group
          ? <optgroup label={o.group}>{o.options.map((x) => <option value={x.value}>{x.label}</option>)}</optgroup>
          : <option value={o.value}>{o.label}</option>))}
      </select>
      {hint && <p class="hint" id={`${fid}-hint`}>{hint}</p>}
    </div>
  );
}

export function TextField({ label: text, value, onChange, id, hint, error, type = 'text', inputMode, required, name,
  autoComplete = 'off', multiline = false, maxLength, disabled }) {
  const fallback = useId('f');
  const fid = id || fallback;
  const described = [hint ? `${fid}-hint` : null, error ? `${fid}-error` : null].filter(Boolean).join(' ') || undefined;
  const props = {
    id: fid, name, value: value ?? '', required, maxLength, autoComplete, disabled,
    'aria-invalid': error ? 'true' : undefined, 'aria-describedby': described,
    onInput: (e) => onChange(e.currentTarget.value),
  };
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={fid}>{text}{required && <span aria-hidden="true"> *</span>}</label>
      {multiline ? <textarea rows="3" {...props} /> : <input type={type} inputMode={inputMode} {...props} />}
      {hint && <p class="hint" id={`${fid}-hint`}>{hint}</p>}
      {error && <p class="error" id={`${fid}-error`}>{error}</p>}
    </div>
  );
}

/** The movements of the catalogue as a select (the ones `accept` keeps). */
export function MovementSelect({ movements, value, onChange, id = 'movement' }) {
  return (
    <SelectField label="Phong trào" id={id} value={value} onChange={onChange}
      options={movements.map((m) => ({ value: m.code, label: `${m.code} — ${m.title}` }))} />
  );
}

export function PeriodSelect({ movement, value, onChange, id = 'period' }) {
  const groups = periodsOf(movement);
  return (
    <SelectField label="Kỳ báo cáo" id={id} value={value} onChange={onChange}
      options={groups.map((g) => ({ group: `Năm ${g.year}`, options: g.periods.map((p) => ({ value: p.code, label: p.label })) }))} />
  );
}

export function DistrictSelect({ value, onChange, id = 'district' }) {
  const { config } = useApp();
  return (
    <SelectField label="Huyện, thành phố" id={id} value={value} onChange={onChange}
      options={[{ value: '', label: 'Toàn tỉnh' },
        ...config.reference.districts.map((d) => ({ value: d.code, label: d.name }))]} />
  );
}

/** "As of" an instant: the board as it stood then, typed dd/MM/yyyy HH:mm in Vietnam time; empty = now, and live. */
export function AsOfField({ value, onChange }) {
  const id = useId('asof');
  const [draft, setDraft] = useState(toDateTimeInput(value));
  const [error, setError] = useState(null);
  useEffect(() => setDraft(toDateTimeInput(value)), [value]);
  const apply = () => {
    const instant = parseDateTimeInput(draft);
    setError(instant ? null : 'Nhập ngày giờ dạng ngày/tháng/năm giờ:phút, ví dụ 30/06/2018 17:00.');
    if (instant) {
      onChange(instant);
    }
  };
  return (
    <div class={`field field-asof${error ? ' field-error' : ''}`}>
      <label for={id}>Xem số liệu tại thời điểm</label>
      <div class="inline">
        <input id={id} type="text" inputMode="numeric" autoComplete="off" placeholder="dd/mm/yyyy hh:mm" value={draft}
          aria-invalid={error ? 'true' : undefined} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          onInput={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); apply(); } }} />
        <button type="button" class="secondary" id={`${id}-apply`} onClick={apply} disabled={!draft.trim()}>Xem</button>
        {value && <button type="button" class="secondary" onClick={() => { setDraft(''); setError(null); onChange(null); }}>Hiện tại</button>}
      </div>
      <p class="hint" id={`${id}-hint`}>Giờ Việt Nam (UTC+7), ví dụ 30/06/2018 17:00. Để trống: số liệu hiện tại, cập nhật trực tiếp.</p>
      {error && <p class="error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

/**
 * Which structure the board groups by (structure=<date>): the lists the deployment starts with, or the administrative
 * units valid on a day — before 1 July 2025 with districts, from it without.
 */
export function StructureSelect({ value, onChange, id = 'structure' }) {
  const options = STRUCTURES.some((o) => o.value === (value ?? '')) ? STRUCTURES
    : [...STRUCTURES, { value, label: `Theo địa giới ngày ${formatDate(value)}` }];
  return (
    <SelectField label="Địa giới hành chính" id={id} value={value ?? ''} onChange={onChange} options={options}
      hint="Cùng số liệu, xếp theo đơn vị hành chính của ngày chọn; xã cũ được gộp vào xã mới hình thành từ nó." />
  );
}

/** Filters: open on a wide screen, folded on a phone (where they would push the board off the first screen). */
export function FilterPanel({ children }) {
  const [open] = useState(() => typeof window === 'undefined' || window.matchMedia('(min-width: 700px)').matches);
  return (
    <details class="filter-panel" open={open}>
      <summary>Bộ lọc</summary>
      {children}
    </details>
  );
}

/** A draft that follows its value when the value changes elsewhere (the address, another control). */
export function useDraft(value) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return [draft, setDraft];
}

/** How current the page is: the instant its data is current to, and whether live updates arrive. */
export function Freshness({ currentTo, asOf, updatedAt }) {
  const live = useLiveStatus();
  let state;
  if (asOf) {
    state = <span class="live live-off">Số liệu tại thời điểm {formatDateTime(asOf)} — không cập nhật trực tiếp</span>;
  } else if (live.state === 'live') {
    state = <span class="live live-on">Cập nhật trực tiếp</span>;
  } else if (live.state === 'off') {
    state = <span class="live live-off">Không cập nhật trực tiếp</span>;
  } else {
    state = <span class="live live-wait">Đang kết nối cập nhật trực tiếp…</span>;
  }
  return (
    <p class="freshness" aria-live="polite" data-current-to={currentTo ?? ''}>
      <span>Số liệu tính đến: <strong>{currentTo ? formatDateTime(currentTo) : 'chưa có dữ liệu'}</strong></span>
      {state}
      {updatedAt && <span class="updated">Vừa cập nhật lúc {formatTime(updatedAt)}</span>}
    </p>
  );
}

export function Pager({ page, totalPages, totalItems, onPage }) {
  if (!totalPages || totalPages <= 1) {
    return <p class="pager-info">{totalItems ?? 0} dòng</p>;
  }
  return (
    <nav class="pager" aria-label="Phân trang">
      <button type="button" class="secondary" disabled={page <= 0} onClick={() => onPage(page - 1)}>‹ Trang trước</button>
      <span>Trang {page + 1}/{totalPages} · {totalItems} dòng</span>
      <button type="button" class="secondary" disabled={page + 1 >= totalPages} onClick={() => onPage(page + 1)}>Trang sau ›</button>
    </nav>
  );
}

export const CSV = 'text/csv';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** CSV and XLSX of a board with the page's filters (every matching row, not only this page). */
export function ExportButtons({ path, params, name }) {
  const [busy, setBusy] = useState(null);
  const [error, setError] = useState(null);
  const get = async (accept, extension) => {
    setBusy(extension);
    setError(null);
    try {
      saveFile(await download(path, params, accept, `${name}.${extension}`));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div class="exports">
      <button type="button" class="secondary" id="export-csv" onClick={() => get(CSV, 'csv')} disabled={busy !== null}>
        {busy === 'csv' ? 'Đang tải…' : 'Tải CSV'}</button>
      <button type="button" class="secondary" id="export-xlsx" onClick={() => get(XLSX, 'xlsx')} disabled={busy !== null}>
        {busy === 'xlsx' ? 'Đang tải…' : 'Tải Excel (XLSX)'}</button>
      <ProblemAlert error={error} />
    </div>
  );
}
