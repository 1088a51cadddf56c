// What the screens share: the status region, the confirm dialog, the chosen municipality,
// screen frames and badges.
import { h, clear, field, jst, replace } from './dom.js';
import { ApiError, get, session } from './api.js';

export const state = {
  tenants: [], // [{id, name}] the caller's
  tenant: sessionStorage.getItem('mdg.tenant') || '',
  leaveGuard: null, // () => Promise<boolean>: may the current screen be left?
};

// --- status region (aria-live) ---

let statusTimer = null;
let statusSetAt = 0;
export function setStatus(message, kind = 'info') {
  const region = document.getElementById('status');
  clearTimeout(statusTimer);
  statusSetAt = Date.now();
  clear(region);
  region.className = `status status-${kind}`;
  if (!message) return;
  const close = h('button.status-close', { type: 'button', 'aria-label': 'メッセージを閉じる' }, '×');
  close.addEventListener('click', () => setStatus(''));
  region.append(h('p.status-text', null, message), close);
  if (kind === 'ok' || kind === 'info') statusTimer = setTimeout(() => setStatus(''), 12000);
}

// On a new screen, a message older than the navigation that followed it is cleared.
export function clearStaleStatus() {
  if (Date.now() - statusSetAt > 1500) setStatus('');
}

export function clearFieldErrors(root) {
  for (const el of root.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
  for (const el of root.querySelectorAll('.field-error')) el.remove();
}

// Shows an API error in the status region; a field named by the API is marked and focused.
export function showError(error, root) {
  if (!(error instanceof ApiError)) {
    console.error(error); // eslint-disable-line no-console
    setStatus('画面の処理でエラーが起きました。画面を読み込み直してください。', 'error');
    return;
  }
  let message = error.message;
  if (error.status === 429 && error.retryAfter && !/分/.test(message)) {
    message += `（あと約${Math.max(1, Math.ceil(error.retryAfter / 60))}分）`;
  }
  setStatus(message, 'error');
  if (root && error.field) {
    const name = error.field.split(/[.[]/)[0];
    const target = root.querySelector(`[data-field="${CSS.escape(error.field)}"]`)
      || root.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (target) {
      clearFieldErrors(root);
      const control = target.matches('input, textarea, select') ? target : target.querySelector('input, textarea, select');
      (control || target).setAttribute('aria-invalid', 'true');
      const marked = control || target;
      const note = h('p.field-error', null, error.message);
      target.closest('.field, fieldset')?.append(note);
      // Below the sticky header, not under it; and the mark goes once the field is edited.
      marked.scrollIntoView({ block: 'center' });
      marked.focus({ preventScroll: true });
      marked.addEventListener('input', () => { marked.removeAttribute('aria-invalid'); note.remove(); }, { once: true });
    }
  }
}

// A screen whose data could not be read says so in place of 「読み込み中…」, with the way back.
export function screenFailed(main, title, error) {
  showError(error);
  replace(main, screen(title, h('p', { 'data-testid': 'load-failed' }, 'この画面を表示できませんでした。',
    h('a', { href: '#/entries' }, '回答の一覧に戻る'))));
}

// --- confirm dialog ---

export function confirmDialog(message, okLabel = 'はい', danger = false) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-message').textContent = message;
  const ok = document.getElementById('confirm-ok');
  ok.textContent = okLabel;
  ok.className = danger ? 'danger' : '';
  // Closed (also with Esc), focus goes back to what opened the dialog, not to the page's top (a
  // button busy with the question gets it back from busy()).
  const opener = document.activeElement;
  return new Promise((resolve) => {
    dialog.returnValue = 'cancel';
    dialog.addEventListener('close', () => {
      if (opener && opener !== document.body && opener.isConnected) opener.focus();
      resolve(dialog.returnValue === 'ok');
    }, { once: true });
    dialog.showModal();
    document.getElementById('confirm-cancel').focus();
  });
}

// --- municipalities ---

export async function loadTenants() {
  const data = await get('tenants');
  state.tenants = data.tenants || [];
  if (!state.tenants.some((t) => t.id === state.tenant)) setTenant(state.tenants[0]?.id || '');
}

export function setTenant(id) {
  state.tenant = id;
  sessionStorage.setItem('mdg.tenant', id);
}

export function tenantName(id) {
  const t = state.tenants.find((x) => x.id === id);
  return t ? t.name || t.id : id || '—';
}

// A labelled select of the caller's municipalities; `allLabel` adds an "all" choice ('').
export function tenantPicker(onChange, { allLabel, value } = {}) {
  const select = h('select', { name: 'tenant', 'data-testid': 'tenant-select' });
  if (allLabel) select.append(h('option', { value: '' }, allLabel));
  for (const t of state.tenants) select.append(h('option', { value: t.id }, t.name ? `${t.name}（${t.id}）` : t.id));
  select.value = value !== undefined ? value : state.tenant;
  select.addEventListener('change', () => {
    if (select.value) setTenant(select.value);
    onChange(select.value);
  });
  return field('自治体', select);
}

// --- screen frame ---

export function screen(title, ...content) {
  const heading = h('h1', { tabindex: '-1' }, title);
  return h('section.screen', null, heading, ...content);
}

export function card(title, ...content) {
  return h('section.card-panel', null, title ? h('h2', null, title) : null, ...content);
}

const statusLabels = { published: '公開中', draft: '下書き', retired: '公開停止' };
export function statusBadge(entry) {
  const status = entry.status || 'draft';
  const pending = status === 'published' && entry.draft_version && entry.published_version
    && entry.draft_version > entry.published_version;
  return h('span.badges', null,
    h(`span.badge.badge-${status}`, null, statusLabels[status] || status),
    pending ? h('span.badge.badge-pending', null, '未公開の変更あり') : null,
    entry.publish_at ? h('span.badge.badge-pending', null, `予約公開 ${jst(entry.publish_at)}`) : null);
}

export function entryTitle(entry) {
  return entry.title || entry.questions?.[0] || entry.id;
}

export const roleLabel = (role) => (role === 'admin' ? '管理者' : role === 'editor' ? '編集者' : role);

export function go(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

// A button that shows "…中" and is disabled while its action runs.
export function actionButton(label, action, { kind = '', busyLabel, testid, type = 'button' } = {}) {
  const button = h(`button${kind ? `.${kind}` : ''}`, { type, 'data-testid': testid }, label);
  button.addEventListener('click', async (event) => {
    if (type === 'submit') return; // the form's submit handler runs it
    event.preventDefault();
    await busy(button, busyLabel, action);
  });
  return button;
}

export async function busy(button, busyLabel, action) {
  const label = button.textContent;
  // A disabled button loses the focus: given back after, so that keyboard users (and a dialog
  // closed with Esc) stay where they were.
  const hadFocus = document.activeElement === button;
  setStatus(''); // the message of an earlier action no longer applies
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  if (busyLabel) button.textContent = busyLabel;
  try {
    await action();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    if (busyLabel && button.isConnected) button.textContent = label;
    const focused = document.activeElement;
    const focusLost = !focused || focused === document.body || focused.closest('dialog:not([open])');
    if (hadFocus && focusLost && button.isConnected) button.focus();
  }
}

export function isAdmin() { return session.isAdmin; }
