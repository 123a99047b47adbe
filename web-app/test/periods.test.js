import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPeriod, periodLabel, periodRange, periodsOf } from '../src/lib/periods.js';

const year2018 = { periodStart: '2018-01-01', periodEnd: '2018-12-31' };

test('periods are named as Vietnamese reports name them', () => {
  assert.equal(periodLabel('2018'), 'Năm 2018');
  assert.equal(periodLabel('2018-Q3'), 'Quý III/2018');
  assert.equal(periodLabel('2018-05'), 'Tháng 05/2018');
});

test('a period runs from its first to its last day', () => {
  assert.deepEqual(periodRange('2018-Q1'), { start: '2018-01-01', end: '2018-03-31' });
  assert.deepEqual(periodRange('2020-02'), { start: '2020-02-01', end: '2020-02-29' });
});

test('only periods wholly inside the movement can be chosen', () => {
  const groups = periodsOf({ periodStart: '2018-02-15', periodEnd: '2018-12-31' });
  const codes = groups.flatMap((g) => g.periods.map((p) => p.code));
  assert.ok(!codes.includes('2018'));
  assert.ok(!codes.includes('2018-Q1'));
  assert.ok(!codes.includes('2018-02'));
  assert.ok(codes.includes('2018-03') && codes.includes('2018-Q2'));
});

test('the default period is today\'s quarter, brought inside the movement', () => {
  assert.equal(defaultPeriod(year2018, '2018-05-12'), '2018-Q2');
  assert.equal(defaultPeriod(year2018, '2026-12-06'), '2018-Q4');
  assert.equal(defaultPeriod(year2018, '2017-06-01'), '2018-Q1');
});
