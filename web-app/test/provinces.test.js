import { test } from 'node:test';
import assert from 'node:assert/strict';
import { provinceLabel, structureHasDistricts } from '../src/lib/provinces.js';

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
