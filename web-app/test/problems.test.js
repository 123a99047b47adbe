import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeProblem } from '../src/lib/problems.js';

test('a broken rule is told in Vietnamese, with the fields it names', () => {
  const d = describeProblem({
    type: 'https://thidua.tuphap.vn/problems/rule-violated', rule: 'result-already-recorded',
    errors: [{ field: 'values[0].value', message: 'must be a number' }],
  }, 409);
  assert.match(d.message, /đã được ghi nhận/);
  assert.deepEqual(d.fields, { 'values[0].value': 'must be a number' });
});

test('no answer at all is a connection problem', () => {
  assert.match(describeProblem(null, 0).message, /kết nối/);
});
