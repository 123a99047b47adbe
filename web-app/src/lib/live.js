// The live stream of board changes (GET /api/v1/reports/changes), read with fetch because EventSource cannot send
// the bearer token. One connection per tab, shared by the pages; reconnects with backoff, stops on 401/403.
import { eventStreamParser } from './sse.js';

const listeners = new Set();
const statusListeners = new Set();
let status = { state: 'off', position: null, since: null };
let controller = null;

function setStatus(next) {
  status = { ...status, ...next };
  statusListeners.forEach((l) => l(status));
}

export function liveStatus() {
  return status;
}

/** Calls `listener(change)` for each change announced; returns the unsubscribe function. */
export function onChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function onLiveStatus(listener) {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

async function readStream(token, signal) {
  const response = await fetch('/api/v1/reports/changes', {
    headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` },
    credentials: 'omit',
    cache: 'no-store',
    signal,
  });
  if (response.status === 401 || response.status === 403) {
    return 'refused';
  }
  if (!response.ok || !response.body) {
    return 'failed';
  }
  const parser = eventStreamParser();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return 'ended';
    }
    for (const e of parser.feed(value)) {
      const data = JSON.parse(e.data);
      if (e.event === 'hello') {
        setStatus({ state: 'live', position: data.position, since: new Date().toISOString() });
      } else if (e.event === 'change') {
        setStatus({ position: Math.max(status.position ?? 0, data.position) });
        listeners.forEach((l) => l(data));
      }
    }
  }
}

/** Opens the stream for this token until stopLive(); a page shows liveStatus(). */
export function startLive(token) {
  stopLive();
  const mine = new AbortController();
  controller = mine;
  (async () => {
    let backoff = 1000;
    while (!mine.signal.aborted) {
      setStatus({ state: status.state === 'live' ? 'reconnecting' : 'connecting' });
      let outcome;
      try {
        outcome = await readStream(token, mine.signal);
      } catch {
        outcome = 'failed';
      }
      if (mine.signal.aborted) {
        return;
      }
      if (outcome === 'refused') {
        setStatus({ state: 'off' });
        return;
      }
      if (outcome === 'ended') {
        backoff = 1000; // the server closes streams now and then (token expiry, restarts): come back at once
      }
      setStatus({ state: 'reconnecting' });
      await new Promise((resolve) => setTimeout(resolve, backoff));
      backoff = Math.min(backoff * 2, 15_000);
    }
  })();
}

export function stopLive() {
  if (controller) {
    controller.abort();
    controller = null;
  }
  setStatus({ state: 'off', position: null, since: null });
}
