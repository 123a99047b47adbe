import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { query } from './lib/api.js';
import { liveStatus, onChange, onLiveStatus } from './lib/live.js';

/** { config, session, unitName(id), districtName(code), signOut() } */
export const AppContext = createContext(null);

export function useApp() {
  return useContext(AppContext);
}

/**
 * Runs `load(signal)` whenever `deps` change: { data, error, loading, reload }. An answer that arrives after a newer
 * request started is dropped; `reload()` keeps the data on screen while the new one loads (a live update does not
 * blank the page) and returns a promise of the new data.
 */
export function useAsync(load, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    const promise = Promise.resolve()
      .then(() => load(controller.signal))
      .then((data) => {
        if (mine === generation.current) {
          setState({ data, error: null, loading: false });
        }
        return data;
      })
      .catch((error) => {
        if (mine === generation.current && error?.name !== 'AbortError') {
          setState((s) => ({ data: s.data, error, loading: false }));
        }
        return undefined;
      });
    promise.abort = () => controller.abort();
    return promise;
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    setState({ data: null, error: null, loading: true });
    const promise = run();
    return () => promise.abort();
  }, [run]);
  return { ...state, reload: run };
}

let movements = null;

/** Every movement of the catalogue (one request, kept for the session; refreshed when the catalogue changes). */
export function useMovements() {
  const [version, setVersion] = useState(0);
  useEffect(() => onChange((c) => {
    if (c.board === 'catalogue') {
      movements = null;
      setVersion((v) => v + 1);
    }
  }), []);
  return useAsync(() => {
    if (!movements) {
      movements = query('/api/v1/reports/movements', { size: 200 }).then((r) => r.items)
        .catch((e) => {
          movements = null;
          throw e;
        });
    }
    return movements;
  }, [version]);
}

export function forgetMovements() {
  movements = null;
}

/**
 * Calls `refresh(change)` for the live changes `matches(change)` accepts, at most one refresh at a time: changes that
 * arrive during one are folded into the next.
 */
export function useLiveRefresh(matches, refresh, deps) {
  const busy = useRef(false);
  const pending = useRef(null);
  useEffect(() => onChange(async (change) => {
    if (!matches(change)) {
      return;
    }
    if (busy.current) {
      pending.current = change;
      return;
    }
    busy.current = true;
    try {
      let next = change;
      while (next) {
        pending.current = null;
        await refresh(next);
        next = pending.current;
      }
    } finally {
      busy.current = false;
    }
  }), deps); // eslint-disable-line react-hooks/exhaustive-deps
}

export function useLiveStatus() {
  const [status, setStatus] = useState(liveStatus());
  useEffect(() => onLiveStatus(setStatus), []);
  return status;
}

/** Rows whose content changed between two answers, by key: they are marked for a few seconds. */
export function changedKeys(before, after, key) {
  if (!before) {
    return new Set();
  }
  const old = new Map(before.map((r) => [key(r), JSON.stringify(r)]));
  return new Set(after.filter((r) => old.get(key(r)) !== JSON.stringify(r)).map(key));
}
