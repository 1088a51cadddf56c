// The staff page: session, menu and hash routing (#/entries, #/entry/T/ID, …).
import { h, field, replace, clear } from './dom.js';
import { get, post, session, setUnauthenticatedHandler } from './api.js';
import { state, setStatus, clearStaleStatus, showError, loadTenants, screen, go, busy, roleLabel } from './ui.js';
import { listScreen, editScreen, historyScreen, draftsScreen, refreshDraftCount } from './entries.js';
import { unansweredScreen, tryScreen, handoversScreen, auditScreen, csvScreen, staffScreen, ownPasswordScreen } from './tools.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const account = document.getElementById('account');
const topbar = document.querySelector('.topbar');
const menuToggle = document.getElementById('menu-toggle');

// On a phone the menu folds behind one button (it filled 500 of 844 px); choosing a screen
// folds it again.
function foldMenu(open) {
  topbar.classList.toggle('menu-open', open);
  menuToggle.setAttribute('aria-expanded', String(open));
}
menuToggle.addEventListener('click', () => foldMenu(menuToggle.getAttribute('aria-expanded') !== 'true'));

// Below 600 px a table's rows become cards: each cell shows its column's name, taken from the
// table's head as rows are drawn.
function labelCells(root) {
  for (const table of root.querySelectorAll('table.list')) {
    const names = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    for (const row of table.querySelectorAll('tbody tr')) {
      [...row.children].forEach((cell, i) => {
        if (names[i] && !cell.hasAttribute('colspan')) cell.dataset.label = names[i];
      });
    }
  }
}
new MutationObserver(() => labelCells(main)).observe(main, { childList: true, subtree: true });

const menu = [
  ['#/entries', '回答の一覧', () => true],
  ['#/drafts', '承認待ち', () => true],
  ['#/unanswered', '未回答の質問', () => true],
  ['#/try', '質問を試す', () => true],
  ['#/handovers', '引き継ぎ中', () => true],
  ['#/audit', '操作履歴', () => true],
  ['#/csv', 'CSVの入出力', () => true],
  ['#/staff', '職員アカウント', () => session.isAdmin],
];

const dec = decodeURIComponent;
const routes = [
  [/^#\/entries$/, () => ['回答の一覧', listScreen]],
  [/^#\/drafts$/, () => ['承認待ちの下書き', draftsScreen]],
  [/^#\/new\/([^/]+)$/, (m) => ['新しい回答', (el) => editScreen(el, dec(m[1]), null)]],
  [/^#\/new\/([^/]+)\/from\/(\d+)$/, (m) => ['新しい回答', (el) => editScreen(el, dec(m[1]), null, m[2])]],
  [/^#\/new\/([^/]+)\/copy\/([^/]+)$/, (m) => ['新しい回答', (el) => editScreen(el, dec(m[1]), null, null, dec(m[2]))]],
  [/^#\/entry\/([^/]+)\/([^/]+)$/, (m) => ['回答の編集', (el) => editScreen(el, dec(m[1]), dec(m[2]))]],
  [/^#\/entry\/([^/]+)\/([^/]+)\/history$/, (m) => ['履歴', (el) => historyScreen(el, dec(m[1]), dec(m[2]))]],
  [/^#\/unanswered$/, () => ['未回答の質問', unansweredScreen]],
  [/^#\/try$/, () => ['質問を試す', tryScreen]],
  [/^#\/handovers$/, () => ['引き継ぎ中の会話', handoversScreen]],
  [/^#\/audit$/, () => ['操作履歴', auditScreen]],
  [/^#\/csv$/, () => ['CSVの入出力', csvScreen]],
  [/^#\/staff$/, () => ['職員アカウント', staffScreen]],
  [/^#\/me$/, () => ['パスワードの変更', (el) => ownPasswordScreen(el, () => {
    afterLogin = '#/entries';
    signedOut('パスワードを変更しました。新しいパスワードでログインしてください。', 'ok');
  })]],
];

function drawShell() {
  const signedIn = Boolean(session.me);
  nav.hidden = !signedIn;
  account.hidden = !signedIn;
  menuToggle.hidden = !signedIn;
  foldMenu(false);
  if (!signedIn) { clear(nav); clear(account); return; }
  replace(nav, h('ul', null, menu.filter(([, , show]) => show()).map(([hash, label]) =>
    h('li', null, h('a', { href: hash, 'data-nav': hash }, label,
      hash === '#/drafts' ? h('span.nav-count', { 'data-testid': 'drafts-count', hidden: true }) : null)))));
  const logout = h('button.secondary.small', { type: 'button', 'data-testid': 'logout' }, 'ログアウト');
  logout.addEventListener('click', () => busy(logout, null, async () => {
    try { await post('logout', {}); } catch { /* the session is gone either way */ }
    signedOut('ログアウトしました。');
  }));
  replace(account,
    h('span.who', null, session.me.username, h('span.role', null, roleLabel(session.me.role))),
    h('a.account-link', { href: '#/me', 'data-testid': 'own-password' }, 'パスワード変更'), logout);
}

function markNav(hash) {
  for (const a of nav.querySelectorAll('a')) {
    const target = a.dataset.nav;
    const active = hash === target || (target === '#/entries' && /^#\/(entry|new)\//.test(hash));
    if (active) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
}

function signedOut(message, kind = 'info') {
  session.me = null;
  state.leaveGuard = null;
  sessionStorage.removeItem('mdg.search');
  sessionStorage.removeItem('mdg.auditTenant');
  drawShell();
  loginScreen();
  if (message) setStatus(message, kind);
}

// --- ログイン ---

let afterLogin = '#/entries';

function loginScreen() {
  document.title = 'ログイン — madoguchi 職員ページ';
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, spellcheck: 'false', autocapitalize: 'off' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button.wide', { type: 'submit' }, 'ログイン');
  const form = h('form.login-form', { 'data-testid': 'login-form' },
    field('ユーザー名', username), field('パスワード', password), submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!username.value.trim() || !password.value) {
      setStatus('ユーザー名とパスワードを入力してください。', 'error');
      (username.value.trim() ? password : username).focus();
      return;
    }
    busy(submit, 'ログインしています…', async () => {
      try {
        session.me = await post('login', { username: username.value.trim(), password: password.value });
        setStatus('');
        await start();
      } catch (e) {
        showError(e);
        password.value = '';
        password.focus();
      }
    });
  });
  replace(main, h('div.login', null, screen('ログイン',
    h('p.subtitle', null, '自治体の職員の方が、ボットの回答を編集・公開するためのページです。'),
    form)));
  username.focus();
}

// --- routing ---

let current = location.hash;
let ignoreNext = false;

async function route() {
  if (ignoreNext) { ignoreNext = false; return; }
  if (!session.me) { afterLogin = location.hash || '#/entries'; loginScreen(); return; }
  const hash = location.hash || '#/entries';
  if (state.leaveGuard && hash !== current) {
    const guard = state.leaveGuard;
    if (!(await guard())) { ignoreNext = true; location.hash = current; return; }
  }
  state.leaveGuard = null;
  current = hash;
  foldMenu(false);
  for (const [pattern, make] of routes) {
    const m = hash.match(pattern);
    if (!m) continue;
    const [title, render] = make(m);
    document.title = `${title} — madoguchi 職員ページ`;
    markNav(hash);
    clearStaleStatus();
    if (!/^#\/drafts$/.test(hash)) refreshDraftCount(); // the drafts screen counts as it lists
    // Each screen draws into its own container: a slow screen that the person has already left
    // draws into a detached one, never over the screen that replaced it.
    const view = h('div.view');
    replace(main, view);
    window.scrollTo(0, 0);
    await render(view);
    if (view.isConnected && (!main.contains(document.activeElement) || document.activeElement === main)) {
      view.querySelector('h1')?.focus({ preventScroll: true });
    }
    return;
  }
  go('#/entries');
}

async function start() {
  try {
    await loadTenants();
  } catch (e) { showError(e); }
  drawShell();
  const target = afterLogin && afterLogin !== '#/login' ? afterLogin : '#/entries';
  afterLogin = '#/entries';
  current = null;
  if (location.hash === target) route(); else location.hash = target;
}

setUnauthenticatedHandler(() => {
  if (!session.me) return;
  // Back to the same screen after logging in: an editor finds what was typed there (entries.js
  // keeps it in the tab).
  afterLogin = location.hash || '#/entries';
  signedOut('ログインの有効期限が切れました。もう一度ログインしてください。編集中の内容は、ログインすると戻ります。', 'error');
});
window.addEventListener('hashchange', route);
window.addEventListener('beforeunload', (event) => {
  if (state.leaveGuard && document.querySelector('.unsaved')) event.preventDefault();
});

(async () => {
  afterLogin = location.hash || '#/entries';
  try {
    session.me = await get('me', undefined, { quiet401: true });
  } catch (e) {
    session.me = null;
    if (e.status !== 401) showError(e);
  }
  if (session.me) await start(); else { drawShell(); loginScreen(); }
})();
