// Differences between two versions of an entry, field by field. Removed lines are marked "−",
// added ones "＋" (sign and colour, so the difference does not depend on seeing colours).
import { h } from './dom.js';

// Longest-common-subsequence diff of two arrays of lines:
// [{op: 'same'|'add'|'del', text}] in order.
export function lineDiff(before, after) {
  const a = before, b = after;
  const n = a.length, m = b.length;
  const table = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const out = [];
  let i = 0, j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { out.push({ op: 'same', text: a[i] }); i += 1; j += 1; }
    else if (table[i + 1][j] >= table[i][j + 1]) { out.push({ op: 'del', text: a[i] }); i += 1; }
    else { out.push({ op: 'add', text: b[j] }); j += 1; }
  }
  while (i < n) { out.push({ op: 'del', text: a[i] }); i += 1; }
  while (j < m) { out.push({ op: 'add', text: b[j] }); j += 1; }
  return out;
}

// The answer's lines, each long line split after its sentences (。！？), so that a change of
// one sentence in a paragraph shows as that sentence.
export function answerLines(text) {
  const out = [];
  for (const line of String(text || '').split(/\r?\n/)) {
    const sentences = line.match(/[^。！？!?]*[。！？!?]+|[^。！？!?]+$/g);
    if (!sentences) { if (line.trim()) out.push(line); continue; }
    for (const s of sentences) if (s.trim()) out.push(s.trim());
  }
  return out;
}

const fields = [
  ['title', 'タイトル', (e) => (e.title ? [e.title] : [])],
  ['questions', '例の質問', (e) => e.questions || []],
  ['answer', '回答', (e) => answerLines(e.answer)],
  ['links', 'リンク', (e) => (e.links || []).map((l) => `${l.label} — ${l.url}`)],
  ['keywords', 'キーワード', (e) => e.keywords || []],
  ['valid_from', '掲載開始日', (e) => (e.valid_from ? [e.valid_from] : [])],
  ['valid_until', '掲載終了日', (e) => (e.valid_until ? [e.valid_until] : [])],
  ['event_start', '開催日（開始）', (e) => (e.event_start ? [e.event_start] : [])],
  ['event_end', '開催日（終了）', (e) => (e.event_end ? [e.event_end] : [])],
  ['apply_until', '申込締切', (e) => (e.apply_until ? [e.apply_until] : [])],
  ['source', '出典', (e) => (e.source ? [e.source] : [])],
];

function diffLines(ops) {
  return h('ol.diff-lines', null, ops.map(({ op, text }) => {
    const sign = op === 'add' ? '＋' : op === 'del' ? '−' : ' ';
    const label = op === 'add' ? '追加' : op === 'del' ? '削除' : '変更なし';
    return h(`li.diff-${op}`, null,
      h('span.diff-sign', { 'aria-hidden': 'true' }, sign),
      h('span.visually-hidden', null, `${label}: `),
      h('span.diff-text', null, text));
  }));
}

// The changed fields of `after` against `before` (an older version), or a note when none changed.
export function entryDiff(before, after) {
  const changed = [];
  for (const [key, label, toLines] of fields) {
    const a = toLines(before || {}), b = toLines(after || {});
    if (a.length === b.length && a.every((x, k) => x === b[k])) continue;
    let ops = lineDiff(a, b);
    // Long unchanged stretches of the answer are folded to keep the change in view.
    if (key === 'answer') ops = fold(ops);
    changed.push(h('div.diff-field', { dataset: { field: key } }, h('h4', null, label), diffLines(ops)));
  }
  if (!changed.length) return h('p.muted', null, '内容の変更はありません。');
  return h('div.diff', null, changed);
}

function fold(ops) {
  const keep = new Set();
  ops.forEach((o, k) => { if (o.op !== 'same') for (let d = -1; d <= 1; d += 1) keep.add(k + d); });
  const out = [];
  let skipped = 0;
  ops.forEach((o, k) => {
    if (keep.has(k)) {
      if (skipped) { out.push({ op: 'same', text: `…（変更のない ${skipped} 文）…` }); skipped = 0; }
      out.push(o);
    } else skipped += 1;
  });
  if (skipped) out.push({ op: 'same', text: `…（変更のない ${skipped} 文）…` });
  return out;
}
