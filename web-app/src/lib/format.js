// Vietnamese display: dates dd/MM/yyyy, times in Vietnam's time zone (UTC+7, no daylight saving), decimal comma,
// text in Unicode NFC. Pure functions (tested by `npm test`).

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const LOCALE = 'vi-VN';
const numberFormats = new Map();

function numberFormat(options) {
  const key = JSON.stringify(options);
  if (!numberFormats.has(key)) {
    numberFormats.set(key, new Intl.NumberFormat(LOCALE, options));
  }
  return numberFormats.get(key);
}

function toNumber(value) {
  if (value === null || value === undefined || value === '') {
    return null;
  }
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** 1234.5 → "1.234,5"; null → "—". */
export function formatNumber(value, maximumFractionDigits = 2) {
  const n = toNumber(value);
  return n === null ? '—' : numberFormat({ maximumFractionDigits }).format(n);
}

/** A ratio as a percentage: 0.5931 → "59,31 %" (space before the sign, as Vietnamese typography has it). */
export function formatPercent(ratio, maximumFractionDigits = 2) {
  const n = toNumber(ratio);
  if (n === null) {
    return '—';
  }
  return `${numberFormat({ maximumFractionDigits, minimumFractionDigits: 0 }).format(n * 100)} %`;
}

/** "2018-05-12" → "12/05/2018" (a calendar date: no time zone involved). */
export function formatDate(isoDate) {
  if (!isoDate) {
    return '—';
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : String(isoDate);
}

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

function parts(instant) {
  const date = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(date.getTime())) {
    return null;
  }
  const p = {};
  for (const { type, value } of dateTimeFormat.formatToParts(date)) {
    p[type] = value;
  }
  return p;
}

/** An instant → "06/12/2026 14:04:05" in Vietnam's time. */
export function formatDateTime(instant) {
  if (!instant) {
    return '—';
  }
  const p = parts(instant);
  return p ? `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}` : String(instant);
}

/** An instant → "14:04:05" in Vietnam's time. */
export function formatTime(instant) {
  const p = instant ? parts(instant) : null;
  return p ? `${p.hour}:${p.minute}:${p.second}` : '—';
}

/** An instant → what a person types for it, in Vietnam's time: "30/06/2018 23:59". */
export function toDateTimeInput(instant) {
  const p = instant ? parts(instant) : null;
  return p ? `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}` : '';
}

function calendarDate(day, month, year) {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * What a person typed for an instant, read in Vietnam's time (UTC+7): "30/06/2018 23:59", "30/06/2018 23:59:30" or
 * "30/06/2018" (its first minute) → an ISO instant; anything else → null.
 */
export function parseDateTimeInput(text) {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec((text ?? '').trim());
  if (!m || !calendarDate(+m[1], +m[2], +m[3]) || +(m[4] ?? 0) > 23 || +(m[5] ?? 0) > 59 || +(m[6] ?? 0) > 59) {
    return null;
  }
  return new Date(Date.UTC(+m[3], +m[2] - 1, +m[1], +(m[4] ?? 0) - 7, +(m[5] ?? 0), +(m[6] ?? 0))).toISOString();
}

/** A date typed as "12/05/2018" → "2018-05-12"; not a calendar date → null. */
export function parseDateInput(text) {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec((text ?? '').trim());
  if (!m || !calendarDate(+m[1], +m[2], +m[3])) {
    return null;
  }
  return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
}

/** User text as stored: Unicode NFC, trimmed. */
export function nfc(text) {
  return (text ?? '').normalize('NFC').trim();
}

const DECIMAL = /^\d{1,15}([.,]\d{1,4})?$/;

/**
 * A number typed by a person: digits with a decimal comma ("92,5") or point ("92.5"), at most 15 digits before it
 * and 4 after, no thousands separators. Returns the canonical text ("92.5") or null.
 */
export function parseDecimal(text) {
  const t = (text ?? '').replace(/\s/g, '');
  if (!DECIMAL.test(t)) {
    return null;
  }
  return t.replace(',', '.').replace(/^0+(?=\d)/, '');
}

/** A decimal as a person types it back: "92.5" → "92,5". */
export function decimalInput(value) {
  return value === null || value === undefined ? '' : String(value).replace('.', ',');
}

/**
 * JSON with exact decimals: values wrapped by decimal() are written as number tokens with the digits typed, never
 * through a binary double (the command API reads amounts as exact decimals).
 */
export function decimal(canonical) {
  return { __decimal: canonical };
}

export function toJson(body) {
  return JSON.stringify(body).replace(/\{"__decimal":"(\d+(?:\.\d+)?)"\}/g, '$1');
}
