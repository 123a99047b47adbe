// Reporting periods: a year (2018), a quarter (2018-Q1) or a month (2018-05), inside a movement's period.

const ROMAN = ['I', 'II', 'III', 'IV'];

/** "2018" → "Năm 2018", "2018-Q1" → "Quý I/2018", "2018-05" → "Tháng 05/2018". */
export function periodLabel(code) {
  const m = /^(\d{4})(?:-Q([1-4])|-(\d{2}))?$/.exec(code || '');
  if (!m) {
    return code || '—';
  }
  if (m[2]) {
    return `Quý ${ROMAN[+m[2] - 1]}/${m[1]}`;
  }
  if (m[3]) {
    return `Tháng ${m[3]}/${m[1]}`;
  }
  return `Năm ${m[1]}`;
}

/** The first and last day of a period, as ISO dates. */
export function periodRange(code) {
  const m = /^(\d{4})(?:-Q([1-4])|-(\d{2}))?$/.exec(code);
  const year = +m[1];
  let from = 1;
  let to = 12;
  if (m[2]) {
    from = (+m[2] - 1) * 3 + 1;
    to = from + 2;
  } else if (m[3]) {
    from = +m[3];
    to = from;
  }
  const last = new Date(Date.UTC(year, to, 0)).getUTCDate();
  const pad = (n) => String(n).padStart(2, '0');
  return { start: `${year}-${pad(from)}-01`, end: `${year}-${pad(to)}-${pad(last)}` };
}

function inside(code, movement) {
  const { start, end } = periodRange(code);
  return start >= movement.periodStart && end <= movement.periodEnd;
}

/**
 * The periods a movement can be reported for (wholly inside its period), grouped by year: each year, its quarters,
 * its months.
 */
export function periodsOf(movement) {
  if (!movement?.periodStart || !movement?.periodEnd) {
    return [];
  }
  const groups = [];
  const first = +movement.periodStart.slice(0, 4);
  const last = +movement.periodEnd.slice(0, 4);
  for (let year = first; year <= last; year++) {
    const codes = [String(year)];
    for (let q = 1; q <= 4; q++) {
      codes.push(`${year}-Q${q}`);
    }
    for (let mo = 1; mo <= 12; mo++) {
      codes.push(`${year}-${String(mo).padStart(2, '0')}`);
    }
    const periods = codes.filter((c) => inside(c, movement)).map((c) => ({ code: c, label: periodLabel(c) }));
    if (periods.length) {
      groups.push({ year, periods });
    }
  }
  return groups;
}

/** The quarter of `today` (an ISO date), brought inside the movement's period: what a reporter reports now. */
export function defaultPeriod(movement, today) {
  const all = periodsOf(movement).flatMap((g) => g.periods.map((p) => p.code)).filter((c) => c.includes('-Q'));
  if (!all.length) {
    const any = periodsOf(movement).flatMap((g) => g.periods.map((p) => p.code));
    return any[0] ?? null;
  }
  const day = today.slice(0, 10);
  const current = all.find((c) => {
    const r = periodRange(c);
    return r.start <= day && day <= r.end;
  });
  if (current) {
    return current;
  }
  return day < periodRange(all[0]).start ? all[0] : all[all.length - 1];
}
