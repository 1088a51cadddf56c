// Screens of the answers: the list, the editor with its live preview, and the history.
import { h, clear, field, jst, lines, debounce, replace, uid } from './dom.js';
import { get, post, put, entryPath, ApiError } from './api.js';
import {
  state, setStatus, showError, clearFieldErrors, confirmDialog, tenantPicker, tenantName, screen,
  statusBadge, entryTitle, go, actionButton, isAdmin, screenFailed,
} from './ui.js';
import { chatView } from './preview.js';
import { entryDiff } from './diff.js';

const enc = encodeURIComponent;
export const entryHash = (tenant, id) => `#/entry/${enc(tenant)}/${enc(id)}`;
// A new answer written for a question of the unanswered inbox: it starts with the question, and
// saving it takes the question out of the inbox.
export const newFromQuestionHash = (tenant, questionId) => `#/new/${enc(tenant)}/from/${enc(questionId)}`;
const copyHash = (tenant, id) => `#/new/${enc(tenant)}/copy/${enc(id)}`;
const historyHash = (tenant, id) => `${entryHash(tenant, id)}/history`;

// --- 回答の一覧 ---

export async function listScreen(main) {
  const tenant = state.tenant;
  const search = h('input', { type: 'search', name: 'q', placeholder: 'タイトル・質問・回答の言葉', 'data-testid': 'entry-search' });
  const status = h('select', { name: 'status', id: 'entry-status', 'data-testid': 'entry-status' },
    ...Object.entries(statusFilters).map(([value, [label]]) => h('option', { value }, label)));
  const order = h('select', { name: 'order', id: 'entry-order', 'data-testid': 'entry-order' },
    ...Object.entries(listOrders).map(([value, [label]]) => h('option', { value }, label)));
  const count = h('p.count', { 'aria-live': 'polite' });
  const body = h('tbody');
  const table = h('table.list', { 'data-testid': 'entry-list' },
    h('caption.visually-hidden', null, '回答の一覧'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'タイトル'), h('th', { scope: 'col' }, '状態'),
      h('th', { scope: 'col' }, '例の質問'), h('th', { scope: 'col' }, '最終更新'))),
    body);

  const view = screen('回答の一覧',
    h('div.toolbar', null,
      tenantPicker(() => go('#/entries')),
      h('div.field.grow', null, h('label', { for: 'entry-search' }, '検索'), search),
      h('div.field', null, h('label', { for: 'entry-status' }, '状態'), status),
      h('div.field', null, h('label', { for: 'entry-order' }, '並び順'), order),
      h('div.toolbar-end', null,
        h('a.button', { href: `#/new/${enc(tenant)}`, 'data-testid': 'new-entry' }, '＋ 新しい回答'))),
    count, h('div.table-wrap', null, table));
  search.id = 'entry-search';
  search.value = sessionStorage.getItem('mdg.search') || ''; // kept while the tab is open
  replace(main, view);

  let entries = [];
  try {
    entries = (await get('entries', { tenant })).entries || [];
  } catch (e) { showError(e); return; }

  status.value = sessionStorage.getItem('mdg.status') || 'all';
  order.value = listOrders[sessionStorage.getItem('mdg.order')] ? sessionStorage.getItem('mdg.order') : 'id';
  const render = () => {
    const words = foldForSearch(search.value).split(/\s+/).filter(Boolean);
    sessionStorage.setItem('mdg.search', search.value);
    sessionStorage.setItem('mdg.status', status.value);
    sessionStorage.setItem('mdg.order', order.value);
    const [, keep] = statusFilters[status.value] || statusFilters.all;
    const shown = entries.filter((e) => {
      const hay = foldForSearch([e.id, e.title, ...(e.questions || []), e.answer].join('\n'));
      return keep(e) && words.every((w) => hay.includes(w));
    }).sort(listOrders[order.value][1]);
    count.textContent = words.length || status.value !== 'all'
      ? `${entries.length}件中 ${shown.length}件が${words.length ? `「${search.value.trim()}」に` : ''}合います`
      : `${tenantName(tenant)}の回答 ${entries.length}件`;
    replace(body, ...shown.map((e) => h('tr', { 'data-entry': e.id },
      h('td', null,
        h('a.entry-link', { href: entryHash(tenant, e.id) }, entryTitle(e)),
        h('span.entry-id', null, e.id)),
      h('td', null, statusBadge(e)),
      h('td.num', null, `${(e.questions || []).length}`),
      h('td.small', null, jst(e.updated_at), e.updated_by ? h('span.by', null, e.updated_by) : null))));
    if (!shown.length) {
      body.append(h('tr', null, h('td.empty', { colspan: '4' },
        entries.length ? '合う回答がありません。言葉を変えて検索してください。' : 'まだ回答がありません。「新しい回答」から追加してください。')));
    }
  };
  search.addEventListener('input', render);
  status.addEventListener('change', render);
  order.addEventListener('change', render);
  render();
}

// What a search compares: full-width letters and half-width kana as typed anywhere (ＳＮＳ, ｾﾐﾅｰ →
// SNS, セミナー), lower case, and katakana as hiragana (せみなー finds セミナー).
export function foldForSearch(text) {
  return String(text).normalize('NFKC').toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

const hasUnpublishedChange = (e) => e.status === 'published' && e.draft_version && e.published_version
  && e.draft_version > e.published_version;

// The list's orders: the newest change first finds what colleagues just did; the fewest example
// questions first, the answers that most need them.
const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const listOrders = {
  id: ['ID順', byId],
  updated: ['更新が新しい順', (a, b) => (b.updated_at || '').localeCompare(a.updated_at || '') || byId(a, b)],
  title: ['タイトル順', (a, b) => entryTitle(a).localeCompare(entryTitle(b), 'ja') || byId(a, b)],
  questions: ['例の質問が少ない順', (a, b) => (a.questions || []).length - (b.questions || []).length || byId(a, b)],
};

// The status filter: an admin finds editors' drafts across the answers of a city.
const statusFilters = {
  all: ['すべて', () => true],
  published: ['公開中', (e) => e.status === 'published'],
  draft: ['下書き・未公開の変更あり', (e) => (e.status || 'draft') === 'draft' || hasUnpublishedChange(e)],
  retired: ['公開停止', (e) => e.status === 'retired'],
};

// --- 編集 ---

// The answer's length against each platform's limit for one message (Messenger 2,000 characters,
// Instagram 1,000 bytes and at most three messages, LINE 5,000 characters), as staff type it.
const utf8Bytes = (text) => new TextEncoder().encode(text).length;
function answerLength(answer) {
  const characters = [...answer].length;
  if (!characters) return [''];
  const messages = (n, limit) => Math.max(1, Math.ceil(n / limit));
  const instagram = messages(utf8Bytes(answer), 1000);
  const parts = [`${characters.toLocaleString('ja-JP')}文字。1通に入る長さ: Messenger ${messages(characters, 2000)}通、` +
    `Instagram ${Math.min(instagram, 3)}通、LINE ${messages(characters, 5000)}通。`];
  if (instagram > 3) {
    parts.push(h('strong.warn-text', null, 'Instagram では3通を超える分が省略されます。短くするか、詳しい内容はリンク先に載せてください。'));
  }
  return parts;
}

// What a copy of an answer keeps: everything staff wrote, not its ID, versions or state.
const copyable = (e) => ({
  questions: e.questions || [], answer: e.answer || '', links: e.links || [], keywords: e.keywords || [],
  valid_from: e.valid_from, valid_until: e.valid_until, event_start: e.event_start, event_end: e.event_end,
  apply_until: e.apply_until, source: e.source || '',
});

function linkRow(list, link = { label: '', url: '' }, onChange) {
  const n = list.children.length + 1;
  // data-field names the row as the API does (links[0].url), so that its error marks that input.
  const label = h('input', { type: 'text', value: link.label, name: 'link-label', 'data-field': `links[${n - 1}].label`, autocomplete: 'off' });
  const url = h('input', { type: 'url', value: link.url, name: 'link-url', placeholder: 'https://', 'data-field': `links[${n - 1}].url`, inputmode: 'url' });
  const row = h('li.link-row', null,
    field(`リンク${n}の表示名`, label),
    field(`リンク${n}のURL`, url),
    h('button.secondary.small', { type: 'button', 'aria-label': `リンク${n}を削除` }, '削除'));
  row.querySelector('button').addEventListener('click', () => {
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    renumber(list);
    onChange();
    (next?.querySelector('input') || list.parentElement.querySelector('.add-link')).focus();
  });
  list.append(row);
  return row;
}

function renumber(list) {
  [...list.children].forEach((row, k) => {
    const labels = row.querySelectorAll('label');
    labels[0].textContent = `リンク${k + 1}の表示名`;
    labels[1].textContent = `リンク${k + 1}のURL`;
    const [label, url] = row.querySelectorAll('input');
    label.dataset.field = `links[${k}].label`;
    url.dataset.field = `links[${k}].url`;
    row.querySelector('button').setAttribute('aria-label', `リンク${k + 1}を削除`);
  });
}

// `fromQuestion`: a new answer that starts with an unanswered question; `copyOf`: a new answer
// that starts as a copy of another (複製), with a new ID to choose.
export async function editScreen(main, tenant, id, fromQuestion = null, copyOf = null) {
  const isNew = id === null;
  let entry = { tenant, id: '', title: '', questions: [], answer: '', links: [], keywords: [],
    valid_from: null, valid_until: null, event_start: null, event_end: null, apply_until: null,
    source: '' };
  if (fromQuestion) {
    try {
      const { questions } = await get('unanswered', { tenant });
      const asked = (questions || []).find((q) => String(q.id) === fromQuestion);
      if (!asked) { replace(main, screen('新しい回答', h('p', null, 'この質問はもう未回答の一覧にありません。', h('a', { href: '#/unanswered' }, '未回答の質問に戻る')))); return; }
      entry = { ...entry, title: asked.text, questions: [asked.text] };
    } catch (e) { showError(e); return; }
  }
  if (copyOf) {
    try {
      const original = await get(entryPath(copyOf), { tenant });
      entry = { ...entry, ...copyable(original), title: `${entryTitle(original)}（コピー）` };
    } catch (e) { screenFailed(main, '新しい回答', e); return; }
  }
  if (!isNew) {
    replace(main, screen('回答の編集', h('p.loading', null, '読み込み中…')));
    try {
      entry = await get(entryPath(id), { tenant });
    } catch (e) { screenFailed(main, '回答の編集', e); return; }
  }

  const input = (name, type = 'text', extra = {}) =>
    h(type === 'textarea' ? 'textarea' : 'input', { name, 'data-field': name, ...(type === 'textarea' ? {} : { type }), ...extra });
  const f = {
    id: input('id', 'text', { required: true, pattern: '[A-Za-z0-9._\\-]{1,64}', maxlength: '64', autocomplete: 'off', spellcheck: 'false' }),
    title: input('title', 'text', { 'data-testid': 'edit-title' }),
    questions: input('questions', 'textarea', { rows: '5' }),
    answer: input('answer', 'textarea', { rows: '9', required: true, 'data-testid': 'edit-answer' }),
    keywords: input('keywords', 'textarea', { rows: '3' }),
    valid_from: input('valid_from', 'date'),
    valid_until: input('valid_until', 'date'),
    event_start: input('event_start', 'date'),
    event_end: input('event_end', 'date'),
    apply_until: input('apply_until', 'date'),
    source: input('source'),
  };
  const links = h('ul.links', { 'data-field': 'links' });

  const fill = (e) => {
    f.id.value = e.id || '';
    f.title.value = e.title || '';
    f.questions.value = (e.questions || []).join('\n');
    f.answer.value = e.answer || '';
    f.keywords.value = (e.keywords || []).join('\n');
    for (const k of ['valid_from', 'valid_until', 'event_start', 'event_end', 'apply_until']) f[k].value = e[k] || '';
    f.source.value = e.source || '';
    clear(links);
    for (const l of e.links || []) linkRow(links, l, changed);
  };
  const collect = () => ({
    tenant,
    id: isNew ? f.id.value.trim() : entry.id,
    title: f.title.value.trim(),
    questions: lines(f.questions.value),
    answer: f.answer.value.trim(),
    // Every row, empty ones too (the API skips them): an error's index is the row's.
    links: [...links.children].map((row) => {
      const [label, url] = row.querySelectorAll('input');
      return { label: label.value.trim(), url: url.value.trim() };
    }),
    keywords: lines(f.keywords.value),
    valid_from: f.valid_from.value || null,
    valid_until: f.valid_until.value || null,
    event_start: f.event_start.value || null,
    event_end: f.event_end.value || null,
    apply_until: f.apply_until.value || null,
    source: f.source.value.trim(),
  });

  let savedJson = '';
  const isDirty = () => JSON.stringify(collect()) !== savedJson;

  // The live preview.
  const messengerPane = h('div.preview-pane', { 'data-testid': 'preview-messenger' });
  const linePane = h('div.preview-pane', { 'data-testid': 'preview-line' });
  const previewState = h('p.preview-state', { 'aria-live': 'polite' });
  let previewSeq = 0;
  const refreshPreview = async () => {
    const seq = ++previewSeq;
    const draft = collect();
    if (!draft.answer) {
      previewState.textContent = '回答を入力すると、ここに表示されます。';
      clear(messengerPane); clear(linePane);
      return;
    }
    previewState.textContent = '更新しています…';
    try {
      const result = await post('preview', { tenant, entry: { ...draft, id: draft.id || 'preview' } });
      if (seq !== previewSeq) return;
      const question = draft.questions[0] || draft.title;
      replace(messengerPane, chatView('messenger', result.messenger, question));
      replace(linePane, chatView('line', result.line, question));
      previewState.textContent = '入力に合わせて自動で更新されます。';
    } catch (e) {
      if (seq !== previewSeq) return;
      previewState.textContent = e instanceof ApiError ? `プレビューできません: ${e.message}` : 'プレビューできません。';
    }
  };
  const schedulePreview = debounce(refreshPreview, 400);
  const meta = h('div.entry-meta');
  // What is typed is kept in the tab as it is typed: a session that expires (30 idle minutes)
  // sends the person to the login page, and after logging in the edit is still there.
  const unsavedKey = `mdg.unsaved:${tenant}:${isNew ? `(new${fromQuestion ? `:${fromQuestion}` : ''}${copyOf ? `:copy:${copyOf}` : ''})` : id}`;
  const keepUnsaved = () => {
    if (isDirty()) sessionStorage.setItem(unsavedKey, JSON.stringify(collect()));
    else sessionStorage.removeItem(unsavedKey);
  };
  const answerCount = h('p.hint.answer-count', { id: uid('count'), 'data-testid': 'answer-count' });
  function changed() { schedulePreview(); updateMeta(); keepUnsaved(); countAnswer(); }
  function countAnswer() { replace(answerCount, ...answerLength(f.answer.value.trim())); }

  const actions = h('div.form-actions');
  const form = h('form.editor', { novalidate: true, 'data-testid': 'editor' },
    isNew ? field('ID（半角英数字と . _ -、あとから変えられません）', f.id, '例: summer-seminar-2026') : null,
    field('タイトル', f.title, '一覧や選択肢に出る名前です。'),
    field('例の質問（1行に1つ）', f.questions, '住民が書きそうな聞き方を入れるほど、正しく答えやすくなります。'),
    field('回答', f.answer, 'この文がそのまま返信されます。'),
    answerCount,
    h('fieldset.links-set', null, h('legend', null, 'リンク'),
      links,
      h('button.secondary.small.add-link', { type: 'button' }, '＋ リンクを追加')),
    field('キーワード（1行に1つ）', f.keywords, '質問に出てきそうな別の言い方や略語。'),
    h('div.date-sets', null,
      h('fieldset', null, h('legend', null, '掲載期間'),
        h('div.dates', null, field('開始日', f.valid_from), field('終了日', f.valid_until)),
        h('p.hint', null, '期間の外では回答に使われません。空欄なら期限なし。')),
      h('fieldset', null, h('legend', null, '開催日'),
        h('div.dates', null, field('開始日', f.event_start), field('終了日', f.event_end),
          field('申込締切', f.apply_until)),
        h('p.hint', null, '催しの日。終わった後は「開催されました」と添えて答えます。申込締切は申し込みを受け付ける最後の日で、終了日より後にはできません。'))),
    field('出典（メモ）', f.source),
    actions);
  form.querySelector('.add-link').addEventListener('click', () => {
    linkRow(links, undefined, changed).querySelector('input').focus();
    changed();
  });
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);

  // A date the browser cannot read (02/30, a year still empty) has an empty value: sent as is, it
  // would save as "no date" and an answer meant to end would run forever.
  const dateLabels = {
    valid_from: '掲載期間の開始日', valid_until: '掲載期間の終了日', event_start: '開催日の開始日',
    event_end: '開催日の終了日', apply_until: '申込締切',
  };
  const unreadableDate = () => Object.keys(dateLabels).find((k) => f[k].validity.badInput);

  async function save() {
    clearFieldErrors(form);
    const bad = unreadableDate();
    if (bad) {
      showError(new ApiError(400, { error: {
        field: bad,
        message: `${dateLabels[bad]}が日付として読めません。年・月・日をすべて、ある日付で入力するか、空にしてください。`,
      } }), form);
      return null;
    }
    const draft = collect();
    try {
      const saved = isNew ? await post('entries', draft, fromQuestion ? { from_unanswered: fromQuestion } : undefined)
        : await put(entryPath(entry.id), draft, { tenant });
      return saved;
    } catch (e) { showError(e, form); return null; }
  }

  const saveButton = actionButton('下書きを保存', async () => {
    const saved = await save();
    if (!saved) return;
    setStatus(`下書きを保存しました（第${saved.version}版）。${isAdmin() ? '「公開する」で回答に使われます。' : '管理者が公開すると回答に使われます。'}`, 'ok');
    afterSave(saved);
  }, { busyLabel: '保存しています…', testid: 'save-draft' });

  const publishButton = isAdmin() ? actionButton('公開する', async () => {
    let current = entry;
    if (isNew || isDirty()) {
      current = await save();
      if (!current) return;
    }
    try {
      const published = await post(entryPath(current.id, '/publish'), {}, { tenant });
      setStatus(`公開しました（第${published.published_version ?? published.version}版）。いまから回答に使われます。`, 'ok');
      afterSave(published);
    } catch (e) { showError(e, form); }
  }, { kind: 'publish', busyLabel: '公開しています…', testid: 'publish' }) : null;

  const retireButton = isAdmin() && !isNew ? actionButton('公開を停止', async () => {
    if (!await confirmDialog(`「${entryTitle(entry)}」の公開を停止しますか？ 住民への回答に使われなくなります（履歴から戻せます）。`, '公開を停止', true)) return;
    try {
      const retired = await post(entryPath(entry.id, '/retire'), {}, { tenant });
      setStatus('公開を停止しました。この回答はもう使われません。', 'ok');
      afterSave(retired);
    } catch (e) { showError(e, form); }
  }, { kind: 'danger', busyLabel: '停止しています…', testid: 'retire' }) : null;

  const historyLink = isNew ? null : h('a.button.secondary', { href: historyHash(tenant, entry.id), 'data-testid': 'history' }, '履歴');
  const copyLink = isNew ? null : h('a.button.secondary', { href: copyHash(tenant, entry.id), 'data-testid': 'duplicate' }, '複製');
  actions.append(saveButton, publishButton || '', retireButton || '', historyLink || '', copyLink || '',
    h('a.button.link', { href: '#/entries' }, '一覧に戻る'));
  if (!isAdmin()) actions.append(h('p.hint.actions-note', null, '公開・公開停止は管理者が行います。'));

  // 予約公開 (admins, a saved draft): the draft goes live at the chosen time, Japan time.
  const scheduleBox = h('div.schedule', { 'data-testid': 'schedule' });
  function drawSchedule() {
    if (!isAdmin() || isNew || !entry.draft_version) { clear(scheduleBox); return; }
    const schedulePath = entryPath(entry.id, '/schedule');
    if (entry.publish_at) {
      replace(scheduleBox,
        h('p', { 'data-testid': 'scheduled-at' }, `予約公開: ${jst(entry.publish_at)} に公開します（${entry.publish_by || '—'} が予約）。保存した最新の下書きが公開されます。`),
        actionButton('予約を取り消す', async () => {
          try {
            afterSave(await post(schedulePath, { at: null }, { tenant }));
            setStatus('予約公開を取り消しました。', 'ok');
          } catch (e) { showError(e, form); }
        }, { kind: 'small.secondary', busyLabel: '取り消しています…' }));
      return;
    }
    const when = h('input', { type: 'datetime-local', name: 'at', 'data-field': 'at', step: '60' });
    replace(scheduleBox, h('div.inline', null,
      field('予約公開の日時（日本時間）', when, '保存した下書きが、この日時に公開されます。'),
      actionButton('予約する', async () => {
        clearFieldErrors(form);
        // The value has no zone: it is read as Japan time, wherever the browser is.
        const seconds = when.value ? Math.floor(Date.parse(`${when.value}:00+09:00`) / 1000) : NaN;
        if (!Number.isFinite(seconds)) {
          showError(new ApiError(400, { error: { field: 'at', message: '予約公開の日時を、年・月・日・時・分まで入力してください。' } }), form);
          return;
        }
        try {
          afterSave(await post(schedulePath, { at: seconds }, { tenant }));
          setStatus(`${jst(seconds)} に公開するよう予約しました。`, 'ok');
        } catch (e) { showError(e, form); }
      }, { kind: 'small', busyLabel: '予約しています…', testid: 'schedule-submit' })));
  }
  form.append(scheduleBox);

  function updateMeta() {
    const dirty = isDirty();
    replace(meta, 
      isNew ? h('span.badge.badge-draft', null, '新規') : statusBadge(entry),
      isNew ? null : h('span', null, `第${entry.version}版`),
      isNew ? null : h('span', null, `最終更新 ${jst(entry.updated_at)}${entry.updated_by ? `（${entry.updated_by}）` : ''}`),
      dirty ? h('span.unsaved', null, '● 保存していない変更があります') : null);
    if (retireButton) retireButton.hidden = entry.status === 'retired';
  }

  function afterSave(saved) {
    entry = saved;
    sessionStorage.removeItem(unsavedKey);
    if (isNew) {
      savedJson = JSON.stringify(collect());
      state.leaveGuard = null;
      go(entryHash(tenant, saved.id));
      return;
    }
    fill(entry);
    savedJson = JSON.stringify(collect());
    updateMeta();
    drawSchedule();
  }

  fill(entry);
  savedJson = JSON.stringify(collect());
  countAnswer();
  drawSchedule();
  f.answer.setAttribute('aria-describedby', `${f.answer.getAttribute('aria-describedby')} ${answerCount.id}`);
  let restored = false;
  try {
    const unsaved = JSON.parse(sessionStorage.getItem(unsavedKey) || 'null');
    if (unsaved && JSON.stringify(unsaved) !== savedJson) {
      fill({ ...unsaved, id: isNew ? unsaved.id : entry.id });
      restored = true;
    }
  } catch { sessionStorage.removeItem(unsavedKey); }

  const previewBox = h('aside.preview', { 'aria-labelledby': 'preview-heading' },
    h('h2', { id: 'preview-heading' }, 'プレビュー'),
    previewState,
    h('div.preview-grid', null,
      h('section.preview-platform', null, h('h3', null, h('span.platform-dot.dot-messenger', { 'aria-hidden': 'true' }), 'Messenger'), messengerPane),
      h('section.preview-platform', null, h('h3', null, h('span.platform-dot.dot-line', { 'aria-hidden': 'true' }), 'LINE'), linePane)));

  const title = isNew ? '新しい回答' : `回答の編集`;
  replace(main, screen(title,
    h('p.subtitle', null, `${tenantName(tenant)}${isNew ? '' : ` ／ ${entry.id}`}`),
    meta,
    h('div.editor-layout', null, form, previewBox)));
  if (!main.isConnected) return; // the person has moved on to another screen meanwhile
  state.leaveGuard = async () => {
    if (!isDirty()) return true;
    const leave = await confirmDialog('保存していない変更があります。この画面を離れると変更は失われます。離れますか？', '離れる', true);
    if (leave) sessionStorage.removeItem(unsavedKey);
    return leave;
  };
  updateMeta();
  refreshPreview();
  if (restored) {
    setStatus('保存されていなかった編集を戻しました。「下書きを保存」で保存してください（いらなければ「一覧に戻る」で捨てられます）。', 'info');
  }
}

// --- 履歴 ---

// --- 承認待ち ---

// Every draft waiting to be published in the person's cities, newest first: an admin opens each,
// checks it with its preview or its differences, and publishes it.
export async function draftsScreen(main) {
  const body = h('tbody');
  replace(main, screen('承認待ちの下書き',
    h('p.subtitle', null, isAdmin()
      ? '編集者が保存し、まだ公開されていない回答です。開いて内容とプレビューを確かめ、「公開する」で住民への回答に使われます。'
      : '保存して、管理者の公開を待っている回答です。公開されるまで住民への回答には使われません。'),
    h('div.table-wrap', null, h('table.list', { 'data-testid': 'drafts' },
      h('caption.visually-hidden', null, '承認待ちの下書き'),
      h('thead', null, h('tr', null, ['自治体', 'タイトル', '種類', '保存', '変更点'].map((t) => h('th', { scope: 'col' }, t)))),
      body))));
  let drafts;
  try {
    ({ drafts } = await get('drafts'));
  } catch (e) { showError(e); return; }
  updateDraftCount(drafts.length);
  for (const d of drafts) {
    const kind = d.status === 'published' ? '公開中の回答の変更' : d.status === 'retired' ? '停止中の回答の変更' : '新しい回答';
    body.append(h('tr', { 'data-entry': d.id, 'data-tenant': d.tenant },
      h('td', null, tenantName(d.tenant)),
      h('td', null, h('a.entry-link', { href: entryHash(d.tenant, d.id) }, entryTitle(d)), h('span.entry-id', null, d.id)),
      h('td', null, kind),
      h('td.small', null, `第${d.version}版 ${jst(d.updated_at)}`, d.updated_by ? h('span.by', null, d.updated_by) : null),
      h('td', null, d.status === 'draft' ? '—' : h('a', { href: historyHash(d.tenant, d.id) }, '履歴で見る'))));
  }
  if (!drafts.length) {
    body.append(h('tr', null, h('td.empty', { colspan: '5' }, '承認待ちの下書きはありません。')));
  }
}

// The count beside 承認待ち in the menu; a count asked for earlier never replaces a newer one.
let countAsked = 0;
function updateDraftCount(count) {
  countAsked += 1;
  const badge = document.querySelector('[data-testid="drafts-count"]');
  if (!badge) return;
  badge.textContent = count ? `${count}件` : '';
  badge.hidden = !count;
}

export async function refreshDraftCount() {
  const asked = ++countAsked;
  try {
    const { drafts } = await get('drafts');
    if (asked === countAsked) updateDraftCount(drafts.length);
  } catch { /* the count waits for the next screen */ }
}

export async function historyScreen(main, tenant, id) {
  replace(main, screen('履歴', h('p.loading', null, '読み込み中…')));
  let entry, versions;
  try {
    [entry, { versions }] = await Promise.all([get(entryPath(id), { tenant }), get(entryPath(id, '/versions'), { tenant })]);
  } catch (e) { screenFailed(main, '履歴', e); return; }

  const items = (versions || []).map((v, k) => {
    const older = versions[k + 1];
    const current = entry.published_version === v.version && entry.status === 'published';
    const header = h('div.version-head', null,
      h('h2', null, `第${v.version}版`),
      current ? h('span.badge.badge-published', null, '公開中の版')
        : v.was_published ? h('span.badge.badge-past', null, '公開した版')
          : entry.draft_version === v.version ? h('span.badge.badge-draft', null, '下書き（未公開）')
            : h('span.badge.badge-muted', null, '公開しなかった下書き'),
      h('span.small', null, `${jst(v.created_at)}　${v.author || ''}`));
    // The live version needs no button: it is what citizens get now.
    const rollback = isAdmin() && k > 0 && !current ? actionButton('この版に戻す', async () => {
      if (!await confirmDialog(`第${v.version}版の内容を、新しい版として公開しますか？ いまの内容は履歴に残ります。`, 'この版に戻す')) return;
      try {
        const back = await post(entryPath(id, '/rollback'), { version: v.version }, { tenant });
        setStatus(`第${v.version}版の内容に戻して公開しました（第${back.version}版）。`, 'ok');
        await historyScreen(main, tenant, id);
      } catch (e) { showError(e); }
    }, { kind: 'secondary', busyLabel: '戻しています…', testid: `rollback-${v.version}` }) : null;
    return h('li.version', { 'data-version': String(v.version) },
      header,
      older ? h('p.diff-caption', null, `第${older.version}版からの変更`) : h('p.diff-caption', null, '最初の版です。'),
      older ? entryDiff(older.entry, v.entry) : h('p.muted', null, entryTitle(v.entry || {})),
      rollback ? h('div.version-actions', null, rollback) : null);
  });

  replace(main, screen(`履歴: ${entryTitle(entry)}`,
    h('p.subtitle', null, `${tenantName(tenant)} ／ ${entry.id}　新しい版から順に並んでいます。`),
    h('div.toolbar', null,
      h('a.button.secondary', { href: entryHash(tenant, id) }, '編集に戻る'),
      h('p.legend', null, h('span.diff-add.legend-item', null, '＋ 追加した行'), h('span.diff-del.legend-item', null, '− 削除した行'))),
    items.length ? h('ol.versions', { 'data-testid': 'versions' }, items) : h('p', null, '履歴がありません。')));
}
