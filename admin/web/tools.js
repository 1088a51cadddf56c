// Screens beside the answers: unanswered questions, the console, the audit log, CSV, staff.
import { h, field, jst, linkOrText, uid, replace, clear } from './dom.js';
import { api, get, post, put, session, staffPath, unansweredPath, ApiError } from './api.js';
import {
  state, setStatus, showError, clearFieldErrors, confirmDialog, tenantPicker, tenantName, screen,
  card, entryTitle, go, actionButton, busy, roleLabel, isAdmin,
} from './ui.js';
import { entryHash, newFromQuestionHash } from './entries.js';
import { entryDiff } from './diff.js';

const enc = encodeURIComponent;

async function entriesOf(tenant) {
  return (await get('entries', { tenant })).entries || [];
}

// --- 未回答の質問 ---

export async function unansweredScreen(main) {
  const tenant = state.tenant;
  const body = h('tbody');
  replace(main, screen('未回答の質問',
    h('p.subtitle', null, 'ボットが答えられなかった質問です。よく聞かれる順に並んでいます。合う回答の「例の質問」に加えるか、新しい回答を作ると、次から答えられるようになります（下書きになります）。答える必要のない質問は「対応不要」で一覧から外せます。'),
    h('div.toolbar', null, tenantPicker(() => go('#/unanswered'))),
    h('div.table-wrap', null, h('table.list', { 'data-testid': 'unanswered' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, '質問'), h('th.num', { scope: 'col' }, '回数'),
        h('th', { scope: 'col' }, '最後に聞かれた日時'), h('th', { scope: 'col' }, '例として追加する回答'), h('th', { scope: 'col' }, 'ほかの対応'))),
      body))));
  let questions, entries;
  try {
    [{ questions }, entries] = await Promise.all([get('unanswered', { tenant }), entriesOf(tenant)]);
  } catch (e) { showError(e); return; }
  entries.sort((a, b) => entryTitle(a).localeCompare(entryTitle(b), 'ja'));
  if (!questions?.length) {
    body.append(h('tr', null, h('td.empty', { colspan: '5' }, '未回答の質問はありません。')));
    return;
  }
  for (const q of questions) {
    const select = h('select', { name: 'entry' },
      h('option', { value: '' }, '回答を選んでください'),
      entries.filter((e) => e.status !== 'retired').map((e) => h('option', { value: e.id }, entryTitle(e))));
    select.id = uid('attach');
    const label = h('label.visually-hidden', { for: select.id }, `「${q.text}」を例として追加する回答`);
    const button = actionButton('例として追加', async () => {
      if (!select.value) { setStatus('追加先の回答を選んでください。', 'error'); select.focus(); return; }
      try {
        const entry = await post(unansweredPath(q.id), { entry: select.value });
        row.remove();
        setStatus(`「${q.text}」を「${entryTitle(entry)}」の例の質問に追加しました（下書き・第${entry.version}版）。公開すると回答に使われます。`, 'ok');
      } catch (e) { showError(e); }
    }, { kind: 'small', busyLabel: '追加しています…' });
    const create = h('a.button.secondary.small', { href: newFromQuestionHash(tenant, q.id), 'data-testid': `create-from-${q.id}` }, '新しい回答を作る');
    const dismiss = actionButton('対応不要', async () => {
      try {
        await post(`unanswered/${enc(q.id)}/dismiss`, {});
        row.remove();
        setStatus(`「${q.text}」を対応不要にしました。同じ質問がまた来ても、この一覧には出ません。`, 'ok');
      } catch (e) { showError(e); }
    }, { kind: 'small.secondary', busyLabel: '外しています…', testid: `dismiss-${q.id}` });
    const row = h('tr', null,
      h('td.question', null, q.text),
      h('td.num', null, String(q.count)),
      h('td.small', null, jst(q.last_seen)),
      h('td', null, h('div.inline', null, label, select, button)),
      h('td', null, h('div.inline', null, create, dismiss)));
    body.append(row);
  }
}

// --- 質問を試す ---

const decisions = {
  answer: ['回答する', 'ok'],
  clarify: ['聞き返す（候補を示す）', 'warn'],
  fallback: ['答えられない（案内を返す）', 'muted'],
  safety: ['安全のための案内（相談窓口）', 'danger'],
  handoff: ['担当者へ引き継ぐ', 'info'],
  handover: ['担当者へ引き継ぐ', 'info'],
};

export async function tryScreen(main) {
  const tenant = state.tenant;
  const text = h('textarea', { name: 'text', rows: '2', required: true, 'data-testid': 'try-text', placeholder: '例: セミナーの申し込み方法' });
  const result = h('div.try-result', { 'data-testid': 'try-result' });
  const submit = h('button', { type: 'submit', 'data-testid': 'try-submit' }, '試す');
  const form = h('form.try-form', null,
    h('div.toolbar', null, tenantPicker(() => go('#/try'))),
    field('住民からのメッセージ', text, '実際の返信は送られません。公開中の回答で答えます。'),
    h('div.form-actions', null, submit));
  let titles = new Map();
  entriesOf(tenant).then((list) => { titles = new Map(list.map((e) => [e.id, entryTitle(e)])); }).catch(() => {});
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!text.value.trim()) { setStatus('メッセージを入力してください。', 'error'); text.focus(); return; }
    busy(submit, '考えています…', async () => {
      try {
        const r = await post('try', { tenant, text: text.value.trim() });
        showTry(result, r, titles, tenant);
      } catch (e) { showError(e); }
    });
  });
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
  replace(main, screen('質問を試す',
    h('p.subtitle', null, '住民が送ったときにボットがどう答えるかを確かめます。Ctrl+Enter でも試せます。'),
    card(null, form), result));
}

function showTry(result, r, titles, tenant) {
  const [label, tone] = decisions[r.decision] || [r.decision, 'muted'];
  const reply = r.reply || {};
  const candidates = r.candidates || [];
  const explained = new Map((r.explain || []).map((x) => [x.entry, x]));
  replace(result, card('結果',
    h('dl.facts', null,
      h('dt', null, '判断'), h('dd', null, h(`span.badge.badge-${tone}`, { 'data-testid': 'try-decision', 'data-decision': r.decision }, label)),
      r.entry ? [h('dt', null, '使った回答'), h('dd', null, h('a', { href: entryHash(tenant, r.entry) }, titles.get(r.entry) || r.entry))] : null,
      typeof r.confidence === 'number' ? [h('dt', null, '確からしさ'), h('dd', null, `${Math.round(r.confidence * 100)}%`)] : null),
    h('h3', null, '返信'),
    h('p.reply-text', { 'data-testid': 'try-reply' }, reply.text || '（なし）'),
    reply.links?.length ? [h('h3', null, 'リンク'), h('ul.plain', null, reply.links.map((l) =>
      h('li', null, linkOrText(l.title || l.label || l.url, l.url), h('span.url', null, ` ${l.url}`))))] : null,
    reply.cards?.length ? [h('h3', null, 'カード'), h('ul.plain', { 'data-testid': 'try-cards' }, reply.cards.map((c) =>
      h('li', null, h('strong', null, c.title), c.subtitle ? h('span.muted', null, ` ${c.subtitle}`) : null)))] : null,
    reply.quick_replies?.length ? [h('h3', null, '選択肢'), h('ul.chips', null, reply.quick_replies.map((q) => h('li', null, q.title)))] : null,
    candidates.length ? [h('h3', null, '候補（点数の高い順）'), h('table.list.compact', { 'data-testid': 'try-candidates' },
      h('thead', null, h('tr', null, h('th.num', { scope: 'col' }, '順位'), h('th', { scope: 'col' }, '回答'),
        h('th', { scope: 'col' }, '一致した言葉（見つかった場所）'), h('th.num', { scope: 'col' }, '点数'))),
      h('tbody', null, candidates.map((c, k) => h('tr', null,
        h('td.num', null, String(k + 1)),
        h('td', null, h('a', { href: entryHash(tenant, c.entry) }, titles.get(c.entry) || c.entry), h('span.entry-id', null, c.entry)),
        h('td', { 'data-testid': 'try-matched-words' }, matchedWords(explained.get(c.entry))),
        h('td.num', null, typeof c.score === 'number' ? c.score.toFixed(2) : String(c.score))))))] : null,
    candidates.length ? h('p.hint', null, '「見つからない」言葉が多い回答には、その言葉を含む質問例かキーワードを足すと、次から選ばれやすくなります。') : null));
}

const fieldNames = { title: 'タイトル', questions: '質問例', keywords: 'キーワード', answer: '回答文' };

// 「住民票（タイトル・回答文）、土日（見つからない）」: each word of the question and where the
// entry holds it, so staff see which example question would help.
function matchedWords(why) {
  if (!why) return '—';
  const words = why.words.map((w) => `${w.word}（${w.fields.length ? w.fields.map((f) => fieldNames[f] || f).join('・') : '見つからない'}）`);
  if (why.compounds.length) words.push(`言葉のまとまりで一致（${why.compounds.join('・')}）`);
  return words.join('、');
}

// --- 引き継ぎ中の会話 ---

const channels = { messenger: 'Messenger', instagram: 'Instagram', line: 'LINE' };
const reasons = { asked: '本人が担当者を希望', fallbacks: '答えられない質問が続いた', safety: '安全のための案内（要確認）' };

export async function handoversScreen(main) {
  const tenant = state.tenant;
  const body = h('tbody');
  replace(main, screen('引き継ぎ中の会話',
    h('p.subtitle', null, '職員が対応中で、ボットが答えていない会話です（新しい順）。Messenger・Instagram は Meta Business Suite の受信箱で、LINE は LINE Official Account Manager の「チャット」で返信してください。対応が終わったら「Botに戻す」を押すと、次のメッセージからボットが答えます。'),
    h('div.toolbar', null, tenantPicker(() => go('#/handovers'))),
    h('div.table-wrap', null, h('table.list', { 'data-testid': 'handovers' },
      h('thead', null, h('tr', null, ['チャネル', '相手（IDの末尾）', '理由', '職員が最後に対応', '更新', '操作'].map((t) => h('th', { scope: 'col' }, t)))),
      body))));
  let handovers;
  try {
    ({ handovers } = await get('handovers', { tenant }));
  } catch (e) { showError(e); return; }
  if (!handovers?.length) body.append(h('tr', null, h('td.empty', { colspan: '6' }, '引き継ぎ中の会話はありません。')));
  for (const c of handovers || []) {
    const action = h('td');
    const returned = () => replace(action, h('span.badge.badge-past', null, 'Botに戻しました（次のメッセージから）'));
    if (c.staff_active_at === 0) returned();
    else {
      action.append(actionButton('Botに戻す', async () => {
        const channel = channels[c.channel] || c.channel;
        if (!await confirmDialog(`${channel}の相手（${c.person}）との会話をボットに戻しますか？ 次のメッセージからボットが答えます。`, 'Botに戻す')) return;
        try {
          await post('handovers/return', { tenant: c.tenant, ref: c.ref });
        } catch (e) { showError(e); return; }
        returned();
        setStatus(`${channel}の相手（${c.person}）との会話をボットに戻しました。次のメッセージからボットが答えます。`, 'ok');
      }, { kind: 'secondary', busyLabel: '戻しています…', testid: `return-${c.ref}` }));
    }
    body.append(h('tr', null,
      h('td', null, channels[c.channel] || c.channel),
      h('td.target', null, c.person || '—'),
      h('td', null, c.reason === 'safety' ? h('span.badge.badge-danger', null, reasons.safety) : reasons[c.reason] || c.reason),
      h('td.small', null, c.staff_active_at === 0 ? '—' : jst(c.staff_active_at)),
      h('td.small', null, jst(c.updated_at)),
      action));
  }
}

// --- 操作履歴 ---

export const actionLabels = {
  login: 'ログイン',
  'login.failed': 'ログイン失敗',
  'login.locked': 'ログイン失敗の連続による待機',
  logout: 'ログアウト',
  'entry.create': '回答の作成',
  'entry.draft': '下書きの保存',
  'entry.publish': '公開',
  'entry.retire': '公開の停止',
  'entry.rollback': '以前の版に戻す',
  'handover.return': '会話をボットに戻す',
  'entry.import': 'CSVの読み込み',
  'unanswered.attach': '未回答の質問を例に追加',
  'staff.add': '職員の追加',
  'staff.password': 'パスワードの変更',
  'staff.disable': '職員の無効化',
  'staff.enable': '職員の再有効化',
  'staff.access': '役割・担当の変更',
};

export async function auditScreen(main) {
  const admin = isAdmin();
  const chosen = sessionStorage.getItem('mdg.auditTenant') ?? (admin ? '' : state.tenant);
  const body = h('tbody');
  const picker = tenantPicker((value) => { sessionStorage.setItem('mdg.auditTenant', value); go('#/audit'); },
    { allLabel: admin ? 'すべて' : null, value: chosen });
  replace(main, screen('操作履歴',
    h('p.subtitle', null, 'だれが・いつ・何をしたかの記録です（新しい順、日本時間）。'),
    h('div.toolbar', null, picker),
    h('div.table-wrap', null, h('table.list', { 'data-testid': 'audit' },
      h('thead', null, h('tr', null, ['日時', '職員', '操作', '自治体', '対象', ''].map((t) => h('th', { scope: 'col' }, t)))),
      body))));
  let records;
  try {
    ({ records } = await get('audit', { tenant: chosen || undefined }));
  } catch (e) { showError(e); return; }
  if (!records?.length) body.append(h('tr', null, h('td.empty', { colspan: '6' }, '記録はありません。')));
  for (const r of records || []) {
    const hasDetails = r.before != null || r.after != null;
    const detailsId = uid('audit');
    const detailsRow = hasDetails ? h('tr.details', { id: detailsId, hidden: true }, h('td', { colspan: '6' }, auditDetails(r))) : null;
    const toggle = hasDetails ? h('button.small.secondary', { type: 'button', 'aria-expanded': 'false', 'aria-controls': detailsId }, '詳細') : null;
    toggle?.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      detailsRow.hidden = !open;
    });
    const failed = r.action === 'login.failed' || r.action === 'login.locked';
    body.append(h('tr', { 'data-action': r.action },
      h('td.small.nowrap', null, jst(r.at)),
      h('td', null, r.actor || '—'),
      h('td', null, h(`span.action${failed ? '.action-warn' : ''}`, null, actionLabels[r.action] || r.action)),
      h('td', null, r.tenant ? tenantName(r.tenant) : '—'),
      h('td.target', null, r.target || '—'),
      h('td', null, toggle)));
    if (detailsRow) body.append(detailsRow);
  }
}

function parseMaybe(value) {
  if (typeof value !== 'string') return value;
  try { return JSON.parse(value); } catch { return value; }
}

function auditDetails(r) {
  const before = parseMaybe(r.before), after = parseMaybe(r.after);
  const isEntry = (x) => x && typeof x === 'object' && 'answer' in x;
  const json = (x) => (x == null ? '（なし）' : typeof x === 'string' ? x : JSON.stringify(x, null, 2));
  return h('div.audit-details', null,
    isEntry(after) || isEntry(before) ? [h('h4', null, '変更点'), entryDiff(isEntry(before) ? before : {}, isEntry(after) ? after : {})] : null,
    // Focusable, so that a keyboard can scroll a long record.
    h('div.two', null,
      h('div', null, h('h4', null, '変更前'), h('pre.json', { tabindex: '0', 'aria-label': '変更前' }, json(before))),
      h('div', null, h('h4', null, '変更後'), h('pre.json', { tabindex: '0', 'aria-label': '変更後' }, json(after)))));
}

// --- CSVの入出力 ---

export async function csvScreen(main) {
  const tenant = state.tenant;
  const exportLink = h('a.button', { href: `/admin/api/export?tenant=${enc(tenant)}`, download: `madoguchi-${tenant}.csv`, 'data-testid': 'export-link' }, 'CSVをダウンロード');
  const file = h('input', { type: 'file', name: 'csv', accept: '.csv,text/csv', 'data-testid': 'import-file' });
  const replaceBox = h('input', { type: 'checkbox', name: 'replace' });
  replaceBox.id = uid('replace');
  const outcome = h('div.import-outcome', { 'data-testid': 'import-outcome' });
  const submit = h('button', { type: 'submit', 'data-testid': 'import-submit' }, '内容を確認する');
  const form = h('form.import-form', null,
    field('CSVファイル', file, 'Excel の「CSV UTF-8 (コンマ区切り)」でも「CSV (コンマ区切り)」でも読み込めます。日付は 2026-04-01 でも 2026/4/1 でも構いません。'),
    h('div.check', null, replaceBox, h('label', { for: replaceBox.id }, 'ファイルにない回答の公開を停止する')),
    h('div.form-actions', null, submit));
  // A changed file or option makes the shown preview stale: it must be checked again.
  const forgetPreview = () => clear(outcome);
  file.addEventListener('change', forgetPreview);
  replaceBox.addEventListener('change', forgetPreview);
  const importQuery = (extra) => ({ tenant, replace: replaceBox.checked ? 'true' : undefined, ...extra });
  const showProblems = (e) => {
    if (!e.problems?.length) return;
    replace(outcome, h('h3', null, '読み込めませんでした（何も変わっていません）'),
      h('p', null, '次の箇所を直して、もう一度読み込んでください。'),
      h('table.list.compact', { 'data-testid': 'import-problems' },
        h('thead', null, h('tr', null, h('th.num', { scope: 'col' }, '行'), h('th', { scope: 'col' }, '列'), h('th', { scope: 'col' }, '内容'))),
        h('tbody', null, e.problems.map((p) => h('tr', null,
          h('td.num', null, String(p.line ?? '')), h('td', null, p.column || ''), h('td', null, p.message || ''))))));
  };
  const publish = (chosen, plan) => actionButton('この内容で公開する', async () => {
    if (file.files?.[0] !== chosen) { setStatus('ファイルが変わりました。もう一度「内容を確認する」を押してください。', 'error'); return; }
    try {
      const r = await api('POST', 'import', { query: importQuery({ plan }), body: chosen, contentType: 'text/csv' });
      replace(outcome, h('h3', null, '公開しました'), importCounts(r));
      setStatus('CSVを読み込み、公開しました。', 'ok');
    } catch (e) { showError(e); showProblems(e); }
  }, { kind: 'publish', busyLabel: '公開しています…', testid: 'import-confirm' });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!file.files?.length) { setStatus('読み込むCSVファイルを選んでください。', 'error'); file.focus(); return; }
    const chosen = file.files[0];
    busy(submit, '確認しています…', async () => {
      clear(outcome);
      try {
        const p = await api('POST', 'import/preview', { query: importQuery(), body: chosen, contentType: 'text/csv' });
        const changes = p.counts.added + p.counts.updated + p.counts.retired;
        replace(outcome, importPreview(p),
          changes > 0
            ? h('div.form-actions', null, publish(chosen, p.plan),
              actionButton('やめる', async () => { clear(outcome); setStatus('取り込みをやめました。何も変わっていません。'); }, { kind: 'secondary', testid: 'import-cancel' }))
            : h('p', null, '公開中の回答と同じ内容です。取り込む必要はありません。'));
        setStatus('まだ公開していません。内容を確かめて「この内容で公開する」を押してください。');
      } catch (e) { showError(e); showProblems(e); }
    });
  });
  replace(main, screen('CSVの入出力',
    h('div.toolbar', null, tenantPicker(() => go('#/csv'))),
    h('div.cards', null,
      card('書き出し', h('p', null, `${tenantName(tenant)}の公開中の回答を、CSVファイル（Excel で開けます）で保存します。`), exportLink),
      card('読み込み',
        isAdmin()
          ? [h('p', null, '1行に1つの回答です。列は id, title, questions, answer, links, keywords, valid_from, valid_until, event_start, event_end, apply_until, source。まず追加・変更・公開停止される回答を確認し、よければ公開します。問題が1つでもあると、何も読み込みません。'), form, outcome]
          : h('p', null, 'CSVの読み込みは管理者が行います。')))));
}

function importCounts(counts) {
  return h('dl.facts.counts', { 'data-testid': 'import-counts' },
    h('dt', null, '追加'), h('dd', null, `${counts.added ?? 0}件`),
    h('dt', null, '変更'), h('dd', null, `${counts.updated ?? 0}件`),
    h('dt', null, '変更なし'), h('dd', null, `${counts.unchanged ?? 0}件`),
    h('dt', null, '公開停止'), h('dd', null, `${counts.retired ?? 0}件`));
}

// What the file would change: new answers, changed ones with their differences, retired ones.
function importPreview(p) {
  const titled = (e) => `${e.title || e.questions?.[0] || e.id}（${e.id}）`;
  return h('section.import-preview', { 'data-testid': 'import-preview' },
    h('h3', null, '取り込むと、次のようになります（まだ公開していません）'),
    importCounts(p.counts),
    p.added.length ? [h('h4', null, `追加される回答（${p.added.length}件）`),
      h('ul', { 'data-testid': 'import-added' }, p.added.map((e) => h('li', null, titled(e))))] : null,
    p.updated.length ? [h('h4', null, `変更される回答（${p.updated.length}件）`),
      h('div', { 'data-testid': 'import-updated' }, p.updated.map((c) => h('details.import-change', null,
        h('summary', null, titled(c.after)), entryDiff(c.before, c.after))))] : null,
    p.retired.length ? [h('h4', null, `公開を停止する回答（${p.retired.length}件）`),
      h('ul', { 'data-testid': 'import-retired' }, p.retired.map((e) => h('li', null, titled(e))))] : null);
}

// --- 職員アカウント ---

export async function staffScreen(main) {
  if (!isAdmin()) {
    replace(main, screen('職員アカウント', h('p', null, 'この画面は管理者だけが使えます。')));
    return;
  }
  const body = h('tbody');
  replace(main, screen('職員アカウント',
    h('p.subtitle', null, '管理者はすべての自治体の回答を公開・停止でき、職員を管理できます。編集者は担当の自治体の下書きを作れます。'),
    h('div.table-wrap', null, h('table.list', { 'data-testid': 'staff' },
      h('thead', null, h('tr', null, ['ユーザー名', '役割', '担当の自治体', '状態', '操作'].map((t) => h('th', { scope: 'col' }, t)))),
      body)),
    addStaffForm()));
  let staff;
  try {
    ({ staff } = await get('staff'));
  } catch (e) { showError(e); return; }
  for (const s of staff || []) body.append(...staffRows(s));
}

function staffRows(s) {
  const locked = s.locked_until && s.locked_until * 1000 > Date.now(); // seconds since the epoch
  const stateLabel = s.disabled ? h('span.badge.badge-retired', null, '無効')
    : locked ? h('span.badge.badge-warn', null, `ログイン待機中（${jst(s.locked_until)}まで）`)
    : h('span.badge.badge-published', null, '有効');
  const formId = uid('pw');
  const password = h('input', { type: 'password', name: 'password', minlength: '12', maxlength: '256', autocomplete: 'new-password' });
  const pwRow = h('tr.details', { id: formId, hidden: true }, h('td', { colspan: '5' },
    h('form.inline', null, field(`${s.username} の新しいパスワード（12文字以上）`, password),
      h('button', { type: 'submit' }, '変更する'),
      h('button.secondary', { type: 'button', 'data-cancel': '' }, 'やめる'))));
  const pwToggle = h('button.small.secondary', { type: 'button', 'aria-expanded': 'false', 'aria-controls': formId }, 'パスワードを変更');
  const close = () => { pwRow.hidden = true; pwToggle.setAttribute('aria-expanded', 'false'); password.value = ''; pwToggle.focus(); };
  pwToggle.addEventListener('click', () => { pwRow.hidden = false; pwToggle.setAttribute('aria-expanded', 'true'); password.focus(); });
  pwRow.querySelector('[data-cancel]').addEventListener('click', close);
  pwRow.querySelector('form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy(event.submitter, '変更しています…', async () => {
      try {
        await post(staffPath(s.username, 'password'), { password: password.value });
        setStatus(`${s.username} のパスワードを変更しました。その人のログイン中の画面はログアウトされます。`, 'ok');
        close();
      } catch (e) { showError(e, pwRow); }
    });
  });
  const self = s.username === session.me?.username;
  const disable = s.disabled || self ? null : actionButton('無効にする', async () => {
    if (!await confirmDialog(`${s.username} を無効にしますか？ ログインできなくなり、ログイン中の画面もログアウトされます。`, '無効にする', true)) return;
    try {
      await post(staffPath(s.username, 'disable'), {});
      setStatus(`${s.username} を無効にしました。`, 'ok');
      go('#/staff');
    } catch (e) { showError(e); }
  }, { kind: 'small.danger' });
  const enable = s.disabled ? actionButton('有効にする', async () => {
    try {
      await post(staffPath(s.username, 'enable'), {});
      setStatus(`${s.username} を有効にしました。いままでのパスワードでログインできます。`, 'ok');
      go('#/staff');
    } catch (e) { showError(e); }
  }, { kind: 'small' }) : null;
  const [accessToggle, accessRow] = s.disabled || self ? [null, null] : accessEditor(s);
  return [h('tr', { 'data-username': s.username },
    h('td', null, s.username),
    h('td', null, roleLabel(s.role)),
    h('td', null, s.role === 'admin' ? 'すべて' : (s.tenants || []).map(tenantName).join('、') || '—'),
    h('td', null, stateLabel),
    h('td', null, h('div.inline', null, s.disabled ? null : pwToggle, accessToggle, disable, enable))), pwRow, accessRow].filter(Boolean);
}

// The role select and the city checkboxes of an account, as the add form and the change form
// show them; chosen() gives the cities an editor gets (none for an admin).
function accessFields(role = 'editor', tenants = []) {
  const select = h('select', { name: 'role', 'data-field': 'role' },
    h('option', { value: 'editor' }, '編集者'), h('option', { value: 'admin' }, '管理者'));
  select.value = role;
  const boxes = state.tenants.map((t) => {
    const box = h('input', { type: 'checkbox', name: 'tenants', value: t.id });
    box.id = uid('tenant');
    box.checked = tenants.includes(t.id);
    return h('div.check', null, box, h('label', { for: box.id }, t.name || t.id));
  });
  const set = h('fieldset', { 'data-field': 'tenants' }, h('legend', null, '担当の自治体（編集者）'), h('div.checks', null, boxes));
  const follow = () => { set.disabled = select.value === 'admin'; };
  select.addEventListener('change', follow);
  follow();
  const chosen = () => (select.value === 'admin' ? [] : [...set.querySelectorAll('input[name=tenants]:checked')].map((b) => b.value));
  return { select, set, chosen };
}

// 「役割と担当」: a row under the account's that changes its role and cities.
function accessEditor(s) {
  const formId = uid('access');
  const access = accessFields(s.role, s.tenants || []);
  const form = h('form.staff-form', { novalidate: true, 'data-testid': 'access-form' },
    field(`${s.username} の役割`, access.select), access.set,
    h('div.form-actions', null, h('button', { type: 'submit' }, '変更する'),
      h('button.secondary', { type: 'button', 'data-cancel': '' }, 'やめる')));
  const row = h('tr.details', { id: formId, hidden: true }, h('td', { colspan: '5' }, form));
  const toggle = h('button.small.secondary', { type: 'button', 'aria-expanded': 'false', 'aria-controls': formId }, '役割と担当');
  const close = () => { row.hidden = true; toggle.setAttribute('aria-expanded', 'false'); toggle.focus(); };
  toggle.addEventListener('click', () => { row.hidden = false; toggle.setAttribute('aria-expanded', 'true'); access.select.focus(); });
  form.querySelector('[data-cancel]').addEventListener('click', close);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    busy(event.submitter, '変更しています…', async () => {
      try {
        await put(staffPath(s.username), { role: access.select.value, tenants: access.chosen() });
        setStatus(`${s.username} の役割と担当を変更しました。次の操作から反映されます。`, 'ok');
        go('#/staff');
      } catch (e) { showError(e, form); }
    });
  });
  return [toggle, row];
}

function addStaffForm() {
  const username = h('input', { name: 'username', 'data-field': 'username', autocomplete: 'off', spellcheck: 'false', pattern: '[a-z0-9._\\-]{1,64}', required: true });
  const password = h('input', { type: 'password', name: 'password', 'data-field': 'password', minlength: '12', autocomplete: 'new-password', required: true });
  const access = accessFields();
  const submit = h('button', { type: 'submit' }, '追加する');
  const form = h('form.staff-form', { novalidate: true, 'data-testid': 'add-staff-form' },
    h('div.two', null,
      field('ユーザー名（半角の小文字・数字・. _ -）', username),
      field('パスワード（12文字以上）', password, '本人にだけ伝え、最初のログインのあと変えてもらってください。')),
    field('役割', access.select),
    access.set,
    h('div.form-actions', null, submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    busy(submit, '追加しています…', async () => {
      try {
        await post('staff', { username: username.value.trim(), password: password.value, role: access.select.value, tenants: access.chosen() });
        setStatus(`${username.value.trim()} を追加しました。`, 'ok');
        go('#/staff');
      } catch (e) { showError(e, form); }
    });
  });
  return card('職員を追加', form);
}

// --- 自分のパスワード ---

// Every staff member changes their own password here, proving the current one; afterwards every
// session of theirs has ended and `changed` signs them in again.
export function ownPasswordScreen(main, changed) {
  const input = (name, autocomplete) => h('input', { type: 'password', name, autocomplete, 'data-field': name, maxlength: '256' });
  const current = input('current', 'current-password');
  const password = input('password', 'new-password');
  const again = input('again', 'new-password');
  const submit = h('button', { type: 'submit', 'data-testid': 'own-password-submit' }, '変更する');
  const form = h('form.staff-form', { novalidate: true, 'data-testid': 'own-password-form' },
    field('いまのパスワード', current),
    field('新しいパスワード（12文字以上）', password),
    field('新しいパスワード（確認のためもう一度）', again),
    h('div.form-actions', null, submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    if (password.value !== again.value) {
      showError(new ApiError(400, { error: { message: '確認のために入力したパスワードが違います。同じものを2回入力してください。', field: 'again' } }), form);
      return;
    }
    busy(submit, '変更しています…', async () => {
      try {
        await post('me/password', { current: current.value, password: password.value });
        changed();
      } catch (e) { showError(e, form); }
    });
  });
  replace(main, screen('パスワードの変更',
    h('p.subtitle', null, `${session.me?.username ?? ''} のパスワードを変えます。変えると、すべての画面からログアウトします。新しいパスワードでログインし直してください。`),
    card('新しいパスワード', form)));
}

