// The staff API (admin/API.md): JSON in and out, the session cookie, and the CSRF token, which
// is kept in memory only (GET me gives it again after a reload).

const base = '/admin/api/';

export const session = {
  me: null, // {username, role, tenants, csrf_token}
  get isAdmin() { return this.me?.role === 'admin'; },
};

export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    const error = body && typeof body === 'object' ? body.error || {} : {};
    super(error.message || fallbackMessage(status));
    this.status = status;
    this.code = error.code || '';
    this.field = error.field || '';
    this.problems = Array.isArray(body?.problems) ? body.problems
      : Array.isArray(error.problems) ? error.problems : [];
    this.retryAfter = retryAfter;
  }
}

function fallbackMessage(status) {
  switch (status) {
    case 0: return 'サーバーにつながりません。ネットワークを確認して、もう一度お試しください。';
    case 401: return 'ログインしてください。';
    case 403: return 'この操作をする権限がありません。';
    case 404: return '見つかりませんでした。';
    case 409: return 'ほかの変更と重なりました。画面を読み込み直してください。';
    case 413: return 'データが大きすぎます。';
    case 429: return 'しばらく待ってから、もう一度お試しください。';
    default: return `エラーが起きました（${status}）。しばらくしてから、もう一度お試しください。`;
  }
}

// Called when a request answers 401 (the session ended): the app shows the login screen.
let onUnauthenticated = () => {};
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn; }

// api('GET', 'entries', {query: {tenant}}) → parsed JSON (or text for text/* answers).
export async function api(method, path, { query, body, contentType, raw, quiet401 } = {}) {
  let url = base + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, v);
    const qs = params.toString();
    if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  }
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (method !== 'GET') {
    if (session.me?.csrf_token) headers['X-CSRF-Token'] = session.me.csrf_token;
    if (contentType && contentType !== 'application/json') {
      headers['Content-Type'] = contentType;
      init.body = body;
    } else {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body ?? {});
    }
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, null);
  }
  const type = response.headers.get('Content-Type') || '';
  let data = null;
  if (raw || !type.includes('json')) {
    data = await response.text();
    if (!response.ok && type.includes('json')) {
      try { data = JSON.parse(data); } catch { /* keep the text */ }
    }
  } else {
    try { data = await response.json(); } catch { data = null; }
  }
  if (!response.ok) {
    const retry = Number(response.headers.get('Retry-After')) || 0;
    const error = new ApiError(response.status, data, retry);
    if (response.status === 401 && !quiet401 && path !== 'login') onUnauthenticated(error);
    throw error;
  }
  return data;
}

export const get = (path, query, opts) => api('GET', path, { query, ...opts });
export const post = (path, body, query) => api('POST', path, { body, query });
export const put = (path, body, query) => api('PUT', path, { body, query });

const enc = encodeURIComponent;
export const entryPath = (id, suffix = '') => `entries/${enc(id)}${suffix}`;
export const staffPath = (name, suffix) => (suffix ? `staff/${enc(name)}/${suffix}` : `staff/${enc(name)}`);
export const unansweredPath = (id) => `unanswered/${enc(id)}/attach`;
