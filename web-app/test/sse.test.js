import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventStreamParser } from '../src/lib/sse.js';

test('events are read across chunks, keep-alive comments skipped', () => {
  const p = eventStreamParser();
  assert.deepEqual(p.feed('event:change\ndata:{"position":'), []);
  assert.deepEqual(p.feed('12}\n\n:keep-alive\n\n'), [{ event: 'change', data: '{"position":12}', id: null }]);
});

test('a CR LF split between chunks ends one line', () => {
  const p = eventStreamParser();
  assert.deepEqual(p.feed('data: a\r'), []);
  assert.deepEqual(p.feed('\n\r\n'), [{ event: 'message', data: 'a', id: null }]);
});
