import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decimal, decimalInput, formatDate, formatDateTime, formatNumber, formatPercent, nfc, parseDateInput,
  parseDateTimeInput, parseDecimal, toDateTimeInput, toJson,
} from '../src/lib/format.js';

test('numbers are shown with a decimal comma and dots between thousands', () => {
  assert.equal(formatNumber(1234.5), '1.234,5');
  assert.equal(formatNumber(92.25), '92,25');
  assert.equal(formatNumber(null), '—');
});

test('a ratio is shown as a percentage with a decimal comma', () => {
  assert.equal(formatPercent(0.5931), '59,31 %');
  assert.equal(formatPercent(1), '100 %');
  assert.equal(formatPercent(undefined), '—');
});

test('dates are dd/MM/yyyy and instants are in Vietnam time', () => {
  assert.equal(formatDate('2018-05-12'), '12/05/2018');
  assert.equal(formatDateTime('2018-06-30T17:00:00Z'), '01/07/2018 00:00:00');
  assert.equal(toDateTimeInput('2018-06-30T17:00:00Z'), '01/07/2018 00:00');
});

test('typed dates and instants are read as dd/MM/yyyy in Vietnam time, and only real calendar dates', () => {
  assert.equal(parseDateTimeInput('01/07/2018 00:00'), '2018-06-30T17:00:00.000Z');
  assert.equal(parseDateTimeInput(' 1/7/2018 '), '2018-06-30T17:00:00.000Z');
  assert.equal(parseDateTimeInput('30/06/2018 23:59:30'), '2018-06-30T16:59:30.000Z');
  assert.equal(parseDateTimeInput('31/06/2018'), null);
  assert.equal(parseDateTimeInput('2018-06-30'), null);
  assert.equal(parseDateTimeInput('30/06/2018 24:00'), null);
  assert.equal(parseDateTimeInput(''), null);
  assert.equal(parseDateInput('12/05/2018'), '2018-05-12');
  assert.equal(parseDateInput('29/02/2019'), null);
  assert.equal(parseDateInput('29/02/2020'), '2020-02-29');
});

test('typed numbers take a decimal comma or point and nothing else', () => {
  assert.equal(parseDecimal('92,5'), '92.5');
  assert.equal(parseDecimal(' 92.5 '), '92.5');
  assert.equal(parseDecimal('007'), '7');
  assert.equal(parseDecimal('1.234,5'), null);
  assert.equal(parseDecimal('-1'), null);
  assert.equal(parseDecimal('1,23456'), null);
  assert.equal(parseDecimal(''), null);
  assert.equal(decimalInput(92.5), '92,5');
});

test('decimals travel as exact number tokens', () => {
  const json = toJson({ values: [{ code: 'TT1', value: decimal('123456789012345.1234') }], evidence: 'x' });
  assert.equal(json, '{"values":[{"code":"TT1","value":123456789012345.1234}],"evidence":"x"}');
});

test('text is sent in NFC', () => {
  const decomposed = 'Tu\u031B\u0300 pha\u0301p';
  assert.equal(nfc(decomposed), 'Từ pháp'.normalize('NFC'));
  assert.equal(nfc(decomposed).length, 'Từ pháp'.normalize('NFC').length);
});
