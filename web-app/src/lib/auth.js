// Who is signed in. In a deployment: the province's identity provider, authorization code with PKCE (oidc-client-ts,
// loaded only then); on the local stack: the local sign-in (a role and unit, a token minted with the stack's key).
// The session lives in sessionStorage: one tab, gone when it closes.

const KEY = 'thidua.session';
const REDIRECT = () => `${location.origin}/app/`;
let oidcManager = null;

function decodeClaims(jwt) {
  const part = jwt.split('.')[1] ?? '';
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The session of a bearer token: who, which role, which unit, until when (read from its claims). */
export function sessionOf(token, via) {
  const claims = decodeClaims(token);
  const roles = Array.isArray(claims.roles) ? claims.roles : [];
  return {
    token,
    via,
    subject: claims.sub ?? '',
    role: roles[0] ?? null,
    unitId: claims.unitId ?? null,
    // no claim: the services read the caller as one of the first province (24)
    provinceCode: claims.provinceCode ?? '24',
    expiresAt: claims.exp ? new Date(claims.exp * 1000).toISOString() : null,
  };
}

export function currentSession() {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (s?.token && (!s.expiresAt || Date.parse(s.expiresAt) > Date.now())) {
      return s;
    }
  } catch {
    // unreadable: signed out
  }
  sessionStorage.removeItem(KEY);
  return null;
}

function remember(session) {
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

/** The local stack's sign-in: POST /app/local-sign-in (only in the local profile, only from this machine). */
export async function localSignIn(role, unitId, subject, provinceCode) {
  const response = await fetch('/app/local-sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' },
    body: JSON.stringify({ role, unitId: unitId || null, subject: subject || null, provinceCode: provinceCode || null }),
    credentials: 'omit',
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(body?.detail ?? `HTTP ${response.status}`);
    error.status = response.status;
    error.problem = body;
    throw error;
  }
  return remember(sessionOf(body.token, 'local'));
}

async function manager(oidc) {
  if (!oidcManager) {
    const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
    oidcManager = new UserManager({
      authority: oidc.authority,
      client_id: oidc.clientId,
      scope: oidc.scope,
      redirect_uri: REDIRECT(),
      post_logout_redirect_uri: REDIRECT(),
      response_type: 'code',
      automaticSilentRenew: false,
      userStore: new WebStorageStateStore({ store: sessionStorage }),
      stateStore: new WebStorageStateStore({ store: sessionStorage }),
    });
  }
  return oidcManager;
}

/** Sends the browser to the identity provider (authorization code with PKCE). */
export async function oidcSignIn(oidc) {
  await (await manager(oidc)).signinRedirect();
}

/** Back from the identity provider (?code=…&state=…): the session, and the address bar cleaned; else null. */
export async function completeOidcSignIn(oidc) {
  const params = new URLSearchParams(location.search);
  if (!oidc || !params.has('code') || !params.has('state')) {
    return null;
  }
  const user = await (await manager(oidc)).signinRedirectCallback();
  history.replaceState(null, '', `${location.pathname}#/`);
  return remember(sessionOf(user.access_token, 'oidc'));
}

export async function signOut(session, oidc) {
  sessionStorage.removeItem(KEY);
  if (session?.via === 'oidc' && oidc) {
    const m = await manager(oidc);
    await m.removeUser();
    try {
      await m.signoutRedirect();
    } catch {
      // an issuer without end_session_endpoint: signed out here only
    }
  }
}
