// Idempotency-Keys: one per submission, kept across its retries. crypto.randomUUID exists only in secure contexts;
// getRandomValues everywhere.

export function newKey() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The key of one submission: the same for the same body until it succeeds (a double click or a retry after a lost
 * answer sends it again, and the service records it once), a new one when the body changes (the service refuses a key
 * reused with another body).
 */
export function submissionKeys() {
  let body = null;
  let key = null;
  return {
    keyFor(json) {
      if (json !== body) {
        body = json;
        key = newKey();
      }
      return key;
    },
    done() {
      body = null;
      key = null;
    },
  };
}
