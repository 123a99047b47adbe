// The only way the app reaches data: the report API of this service (same origin) and the command API of the
// command-service (cross-origin, allowed by its THIDUA_CORS_ORIGINS), each call with the user's bearer token.
import { toJson } from './format.js';
import { describeProblem } from './problems.js';

export class ApiError extends Error {
  constructor(status, problem) {
    const described = describeProblem(problem, status);
    super(described.message);
    this.status = status;
    this.problem = described;
  }
}

const state = { commandApi: '', token: () => null, unauthenticated: () => {} };

export function configureApi({ commandApi, token, unauthenticated }) {
  state.commandApi = commandApi;
  state.token = token;
  state.unauthenticated = unauthenticated;
}

export function queryString(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) {
    if (v !== null && v !== undefined && v !== '') {
      q.set(k, String(v));
    }
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function send(url, { method = 'GET', accept = 'application/json', headers = {}, body, signal } = {}) {
  const h = { Accept: `${accept}, application/problem+json`, ...headers };
  const token = state.token();
  if (token) {
    h.Authorization = `Bearer ${token}`;
  }
  let response;
  try {
    response = await fetch(url, { method, headers: h, body, signal, credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    if (e?.name === 'AbortError') {
      throw e;
    }
    throw new ApiError(0, null);
  }
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      // not JSON: described by its status
    }
    if (response.status === 401) {
      state.unauthenticated();
    }
    throw new ApiError(response.status, problem);
  }
  return response;
}

/** GET a report of this service: the JSON body. */
export async function query(path, params, options) {
  const response = await send(path + queryString(params), options);
  return response.json();
}

/** GET of the command-service (the integrity check): the JSON body. */
export async function commandQuery(path) {
  const response = await send(state.commandApi + path);
  return response.json();
}

/**
 * POST a command with its Idempotency-Key: { status, body, replayed } (replayed: the service had recorded it
 * before and answered as the first time).
 */
export async function command(path, body, idempotencyKey) {
  const response = await send(state.commandApi + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
    body: toJson(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : null,
    replayed: response.headers.get('Idempotent-Replayed') === 'true',
  };
}

/** GET a board as a file (CSV or XLSX): { blob, filename }. */
export async function download(path, params, accept, fallbackName) {
  const response = await send(path + queryString(params), { accept });
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const filename = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName;
  return { blob: await response.blob(), filename };
}

/** Lets the browser save a downloaded file. */
export function saveFile({ blob, filename }) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The token the app calls with. */
export function currentToken() {
  return state.token();
}
