import { useRef, useState } from 'preact/hooks';
import { useLiveRefresh, changedKeys } from '../hooks.js';

/**
 * A board that follows the live stream: when a change `matches`, the page is read again (no reload of the page), the
 * rows that changed are marked for a few seconds, and the time of the update is shown. Boards as of an instant do not
 * follow (they cannot change).
 */
export function useLiveBoard(board, { matches, rowsOf, keyOf, enabled }) {
  const latest = useRef(null);
  latest.current = board.data;
  const [changed, setChanged] = useState(new Set());
  const [updatedAt, setUpdatedAt] = useState(null);
  const timer = useRef(null);
  useLiveRefresh((c) => enabled && matches(c), async () => {
    const before = latest.current ? rowsOf(latest.current) : null;
    const after = await board.reload();
    if (!after) {
      return;
    }
    const marked = changedKeys(before, rowsOf(after), keyOf);
    setChanged(marked);
    setUpdatedAt(new Date().toISOString());
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setChanged(new Set()), 6000);
  }, [enabled, board.reload]);
  return { changed, updatedAt };
}
