import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boardDay, provinceLabel, structureHasDistricts } from '../src/lib/provinces.js';

test('a structure has districts before the reform of 1 July 2025 and none from that day', () => {
  assert.equal(structureHasDistricts(''), true);
  assert.equal(structureHasDistricts('2018-01-01'), true);
  assert.equal(structureHasDistricts('2025-06-30'), true);
  assert.equal(structureHasDistricts('2025-07-01'), false);
  assert.equal(structureHasDistricts('2026-03-31'), false);
});

test('a province is named with its code, the Ministry without one, an unknown code as it is', () => {
  assert.equal(provinceLabel('19'), 'Tỉnh Thái Nguyên (19)');
  assert.equal(provinceLabel('BTP'), 'Bộ Tư pháp');
  assert.equal(provinceLabel('01'), 'Tỉnh (mã 01)');
});

test('without a chosen structure the commune board takes its movement\'s last day, or the as-of day or today if earlier', () => {
  const ntm2020 = { periodStart: '2016-01-01', periodEnd: '2020-12-31' };
  const ntm2030 = { periodStart: '2026-01-01', periodEnd: '2030-12-31' };
  assert.equal(boardDay(ntm2020, '', '2026-12-06'), '2020-12-31');
  assert.equal(boardDay(ntm2030, '', '2026-12-06'), '2026-12-06');
  assert.equal(boardDay(ntm2020, '2018-06-30T10:00:00Z', '2026-12-06'), '2018-06-30');
  assert.equal(structureHasDistricts(boardDay(ntm2030, '', '2026-12-06')), false);
});
