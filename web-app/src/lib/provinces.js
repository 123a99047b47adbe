// The provinces the app names (the report API lists none): the GSO code of each province the shipped and demo
// structure lists describe, and the Ministry, which reads every province. A code not listed is shown as it is.

export const MINISTRY = 'BTP';

export const PROVINCES = [
  { code: '24', name: 'Tỉnh Bắc Ninh', note: 'tỉnh Bắc Giang trước 01/07/2025' },
  { code: '19', name: 'Tỉnh Thái Nguyên', note: null },
  { code: MINISTRY, name: 'Bộ Tư pháp', note: 'toàn ngành, xem số liệu mọi tỉnh' },
];

/** "Tỉnh Thái Nguyên (19)"; the Ministry: "Bộ Tư pháp". */
export function provinceLabel(code) {
  const p = PROVINCES.find((x) => x.code === code);
  if (!p) {
    return code ? `Tỉnh (mã ${code})` : '—';
  }
  return p.code === MINISTRY ? p.name : `${p.name} (${p.code})`;
}

/** The first day without districts: the reform of 1 July 2025 (Nghị quyết 202/2025/QH15). */
export const REFORM_DAY = '2025-07-01';

/** Whether the structure of a day (ISO date; empty: the lists the deployment starts with) has districts. */
export function structureHasDistricts(day) {
  return !day || day < REFORM_DAY;
}

/**
 * The day whose structure the commune board uses when none is chosen: the movement's last day, or the as-of day
 * (today without one) when that is earlier — as the report API does.
 */
export function boardDay(movement, asOf, today = new Date().toISOString().slice(0, 10)) {
  const until = asOf ? asOf.slice(0, 10) : today;
  return movement?.periodEnd && movement.periodEnd < until ? movement.periodEnd : until;
}

/** The structures a board offers: the lists it starts with, the day before the reform, the reform's first day. */
export const STRUCTURES = [
  { value: '', label: 'Theo danh mục ban đầu của hệ thống' },
  { value: '2025-06-30', label: 'Theo địa giới trước 01/07/2025 (có cấp huyện)' },
  { value: REFORM_DAY, label: 'Theo địa giới từ 01/07/2025 (không còn cấp huyện)' },
];
