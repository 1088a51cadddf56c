// The staff page at /admin/ in headless Chromium, against a real `madoguchi serve` started by
// run.sh: log in with the keyboard, edit and publish an answer while watching the Messenger and
// LINE previews, ask the console, roll back from the history, find the audit rows, restore and
// export CSV — and no CSP violation, no script error, staff text shown as text, and no serious
// accessibility violation (axe-core) on any screen it takes a screenshot of.
// Environment: MDG_BASE_URL, MDG_USERNAME, MDG_PASSWORD, MDG_CHROMIUM, MDG_OUT (screenshots),
// MDG_APP_SECRET and MDG_PAGE_ID (to send one signed Messenger message).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

const base = process.env.MDG_BASE_URL;
const username = process.env.MDG_USERNAME || 'admin';
const password = process.env.MDG_PASSWORD;
const out = process.env.MDG_OUT || path.join(import.meta.dirname, 'out');
const tenant = 'osaka-pref';
const entryId = 'osaka-boost-seminar';
const question = 'セミナーの申し込み方法';
const stamp = Date.now().toString(36).toUpperCase();
const phrase = `確認用の合言葉は「マドグチ${stamp}」です。`;
const applyUntil = '2020-03-10'; // the seminar's event ends on 2020-03-18
const timeout = 15000;

let browser, context, page;
const problems = []; // CSP violations and script errors: the page must have none
const consoleErrors = [];
let shot = 0;
// axe-core, run in the page through the DevTools protocol (which the page's CSP does not govern).
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const accessibility = []; // serious and critical violations, by screen: the page must have none

async function screenshot(name) {
  shot += 1;
  const file = path.join(out, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await checkAccessibility(name);
  return file;
}

async function checkAccessibility(name) {
  if (!await page.evaluate(() => typeof window.axe === 'object')) await page.evaluate(axeSource);
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
    const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ');
    accessibility.push(`${name}: ${v.id} (${v.impact}) ${v.help} — ${where}`);
  }
}

const status = () => page.locator('#status');
async function expectStatus(kind, text) {
  const region = page.locator(`#status.status-${kind}`);
  await region.waitFor({ timeout });
  if (text) await page.locator(`#status.status-${kind}`, { hasText: text }).waitFor({ timeout });
  return (await region.textContent()).trim();
}

async function goto(hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.locator('main h1').first().waitFor({ timeout });
}

async function ask(text) {
  await goto('#/try');
  await page.getByTestId('tenant-select').selectOption(tenant);
  await page.getByTestId('try-text').fill(text);
  await page.getByTestId('try-submit').click();
  const decision = page.getByTestId('try-decision');
  await decision.waitFor({ timeout });
  return { decision: await decision.getAttribute('data-decision'), reply: await page.getByTestId('try-reply').textContent() };
}

async function versionNumbers() {
  await page.getByTestId('versions').waitFor({ timeout });
  return page.locator('li.version').evaluateAll((items) => items.map((li) => Number(li.dataset.version)));
}

async function rollbackTo(version) {
  await page.locator(`li.version[data-version="${version}"]`).getByRole('button', { name: 'この版に戻す' }).click();
  await page.locator('#confirm[open]').waitFor({ timeout });
  await page.locator('#confirm-ok').click();
  await expectStatus('ok', `第${version}版の内容に戻して公開しました`);
}

// A citizen's Messenger message, signed as Meta signs it, through the real webhook.
async function messengerMessage(sender, text) {
  const body = JSON.stringify({
    object: 'page',
    entry: [{ id: process.env.MDG_PAGE_ID, time: Date.now(), messaging: [{
      sender: { id: `${sender}-${stamp}` }, recipient: { id: process.env.MDG_PAGE_ID }, timestamp: Date.now(),
      message: { mid: `m_${sender}_${stamp}`, text },
    }] }],
  });
  const signature = `sha256=${crypto.createHmac('sha256', process.env.MDG_APP_SECRET).update(body).digest('hex')}`;
  const response = await page.request.post('/webhook/messenger', {
    data: body, headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signature },
  });
  assert.equal(response.status(), 200, 'the signed webhook is accepted');
}

// Reloads `hash` until `locator()` shows up (the webhook works off the request thread).
async function eventually(hash, locator, tries = 20) {
  for (let attempt = 0; attempt < tries; attempt += 1) {
    await goto(hash);
    await page.getByTestId('tenant-select').selectOption(tenant);
    try { await locator().first().waitFor({ timeout: 1000 }); return locator().first(); } catch { /* not yet */ }
  }
  return null;
}

before(async () => {
  assert.ok(base, 'MDG_BASE_URL is not set: run this through tests/browser/run.sh');
  assert.ok(password, 'MDG_PASSWORD is not set');
  fs.mkdirSync(out, { recursive: true });
  for (const f of fs.readdirSync(out)) if (f.endsWith('.png') || f.endsWith('.txt')) fs.rmSync(path.join(out, f));
  browser = await chromium.launch({
    executablePath: process.env.MDG_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--lang=ja-JP'],
    headless: true,
    env: { ...process.env, LANG: 'ja_JP.UTF-8', LANGUAGE: 'ja' },
  });
  context = await browser.newContext({
    baseURL: base, viewport: { width: 1366, height: 900 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo',
    acceptDownloads: true,
  });
  page = await context.newPage();
  page.setDefaultTimeout(timeout);
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|CSP violation|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
    else if (message.type() === 'error') consoleErrors.push(text);
  });
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
});

after(async () => {
  if (consoleErrors.length) console.log(`console errors (network answers such as 401 are expected):\n  ${consoleErrors.join('\n  ')}`);
  await browser?.close();
});

test('the staff page, served by madoguchi', async (parent) => {
  // Each step as a subtest; a failing one leaves a screenshot of the page as it was.
  const t = {
    test: (name, fn) => parent.test(name, async (sub) => {
      try {
        await fn(sub);
      } catch (error) {
        const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
        await page?.screenshot({ path: path.join(out, `FAILED-${slug}.png`), fullPage: true }).catch(() => {});
        throw error;
      }
    }),
  };
  await t.test('assets come with the CSP and the right content types', async () => {
    for (const [asset, type] of [['/admin/', 'text/html'], ['/admin/admin.css', 'text/css'], ['/admin/app.js', 'text/javascript']]) {
      const response = await page.request.get(asset);
      assert.equal(response.status(), 200, asset);
      assert.match(response.headers()['content-type'], new RegExp(`^${type}`), asset);
      assert.match(response.headers()['content-security-policy'] || '', /script-src 'self'/, asset);
    }
    const html = await (await page.request.get('/admin/')).text();
    assert.doesNotMatch(html, /\sstyle=|<script>(?!<\/script>)|\son[a-z]+=/i, 'no inline script or style in index.html');
  });

  await t.test('log in with the keyboard only (a wrong password first)', async () => {
    await page.goto('/admin/');
    const user = page.locator('input[name=username]');
    await user.waitFor();
    await page.waitForFunction(() => document.activeElement?.name === 'username');
    await screenshot('login');
    await page.keyboard.type(username);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.name), 'password');
    await page.keyboard.type('not-the-password-at-all');
    await page.keyboard.press('Enter');
    const message = await expectStatus('error');
    assert.ok(message.length > 6, `the API's message is shown: ${message}`);
    await screenshot('login-wrong-password');
    assert.equal(await page.evaluate(() => document.activeElement?.name), 'password', 'focus back on the password');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.getByTestId('entry-list').waitFor();
    assert.equal(await page.getByTestId('logout').isVisible(), true);
  });

  await t.test('the list finds the seminar entry of osaka-pref', async () => {
    await page.getByTestId('tenant-select').selectOption(tenant);
    await page.getByTestId('entry-list').waitFor();
    const row = page.locator(`tr[data-entry="${entryId}"]`);
    // Width and kana are folded: full-width letters and hiragana find what is written otherwise.
    for (const words of ['ＷＩＴＨ　ＦＡＣＥＢＯＯＫ', 'せみなー その先へ']) {
      await page.getByTestId('entry-search').fill(words);
      await row.waitFor();
    }
    // The status filter: the published entry is not among the retired ones.
    await page.getByTestId('entry-status').selectOption('retired');
    await row.waitFor({ state: 'detached' });
    await page.getByTestId('entry-status').selectOption('all');
    // Sorted by title: the titles as shown are in the order Japanese sorts them.
    await page.getByTestId('entry-search').fill('');
    await page.getByTestId('entry-order').selectOption('title');
    const titles = await page.locator('[data-testid="entry-list"] a.entry-link').allTextContents();
    assert.ok(titles.length > 5, `${titles.length} answers listed`);
    assert.deepEqual(titles, [...titles].sort((a, b) => a.localeCompare(b, 'ja')));
    await page.getByTestId('entry-order').selectOption('id');
    await page.getByTestId('entry-search').fill('その先へ');
    await row.waitFor();
    assert.match(await row.textContent(), /公開中/);
    await screenshot('entries');
    await row.locator('a.entry-link').click();
    await page.getByTestId('editor').waitFor();
  });

  await t.test('edit the answer and the 申込締切: both previews show the new phrase; save a draft, publish', async () => {
    const answer = page.getByTestId('edit-answer');
    await page.getByTestId('preview-messenger').locator('.chat').waitFor();
    const original = await answer.inputValue();
    assert.ok(original.length > 20);
    // The length as staff type it, against each platform's limit; too long for Instagram, said so.
    const count = page.getByTestId('answer-count');
    assert.match(await count.textContent(), new RegExp(`^${[...original.trim()].length}文字。`));
    await answer.fill('長'.repeat(1200));
    assert.match(await count.textContent(), /^1,200文字。.*Messenger 1通、Instagram 3通、LINE 1通。Instagram では3通を超える分が省略されます/);
    await answer.fill(`${original}\n${phrase}`);
    await page.getByTestId('preview-messenger').getByText(phrase, { exact: false }).waitFor();
    await page.getByTestId('preview-line').getByText(phrase, { exact: false }).waitFor();
    await screenshot('editor-preview');
    // A bad link marks its URL (not its label), and the mark goes once the URL is edited.
    const url = page.locator('input[data-field="links[0].url"]');
    const originalUrl = await url.inputValue();
    await url.fill('ftp://files.example.jp/seminar');
    await page.getByTestId('save-draft').click();
    await expectStatus('error', 'URL');
    assert.equal(await url.getAttribute('aria-invalid'), 'true', 'the URL is marked');
    assert.equal(await page.locator('input[data-field="links[0].label"]').getAttribute('aria-invalid'), null);
    assert.equal(await url.evaluate((e) => e === document.activeElement), true, 'the URL has the focus');
    await url.fill(originalUrl);
    assert.equal(await url.getAttribute('aria-invalid'), null, 'fixed: the mark is gone');
    assert.equal(await page.locator('.field-error').count(), 0, 'fixed: the note is gone');
    const deadline = page.getByLabel('申込締切', { exact: true });
    // A half-typed date (one part of it set) is refused, not saved as "no date".
    await deadline.fill('');
    await deadline.focus();
    await page.keyboard.press('ArrowUp');
    assert.equal(await deadline.evaluate((e) => e.validity.badInput), true, 'a half-typed date');
    await page.getByTestId('save-draft').click();
    await expectStatus('error', '申込締切が日付として読めません');
    await page.locator('.field-error', { hasText: '日付として読めません' }).waitFor();
    // Registration closing after the event is refused, next to the field, with what to fix.
    await deadline.fill('2020-03-19');
    await page.getByTestId('save-draft').click();
    await expectStatus('error', '申込締切');
    await page.locator('.field-error', { hasText: '開催日の終わり' }).waitFor();
    await deadline.fill(applyUntil);
    await page.getByTestId('save-draft').click();
    await expectStatus('ok', '下書きを保存しました');
    await page.getByTestId('publish').click();
    await expectStatus('ok', '公開しました');
    await screenshot('editor-published');
  });

  await t.test('a reload keeps the session (GET me)', async () => {
    await page.reload();
    await page.getByTestId('editor').waitFor();
    assert.match(await page.getByTestId('edit-answer').inputValue(), new RegExp(stamp));
    assert.equal(await page.locator('input[name=apply_until]').inputValue(), applyUntil);
  });

  await t.test('a session that ends while editing loses nothing typed', async () => {
    const answer = page.getByTestId('edit-answer');
    const before = await answer.inputValue();
    const typed = `${before}\n期限切れでも消えない一文`;
    await page.context().clearCookies(); // as after 30 idle minutes: the server no longer knows it
    await answer.fill(typed); // its preview is refused (401): the login page comes
    await page.getByTestId('login-form').waitFor();
    await page.locator('input[name=username]').fill(username);
    await page.locator('input[name=password]').fill(password);
    await page.locator('input[name=password]').press('Enter');
    await page.getByTestId('editor').waitFor();
    assert.equal(await answer.inputValue(), typed, 'the typed text is back');
    await expectStatus('info', '保存されていなかった編集を戻しました');
    await answer.fill(before); // back to the saved text: nothing left to keep
    assert.equal(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('mdg.unsaved:')).length), 0);
  });

  await t.test('the console answers with the new phrase', async () => {
    const r = await ask(question);
    assert.equal(r.decision, 'answer');
    assert.match(r.reply, new RegExp(stamp), 'the published phrase is in the reply');
    assert.ok(await page.getByTestId('try-candidates').isVisible(), 'candidates with scores');
    // Why the first one was chosen: each word of the question and where the entry holds it.
    const why = await page.getByTestId('try-matched-words').first().textContent();
    assert.match(why, /（[^）]*(タイトル|質問例|キーワード|回答文)[^）]*）/, `matched words by field: ${why}`);
    await screenshot('console');
  });

  let edited, previous;
  await t.test('history: the diff shows the phrase added; roll back to the previous version', async () => {
    await goto(`#/entry/${tenant}/${entryId}/history`);
    const versions = await versionNumbers();
    assert.ok(versions.length >= 2, `versions: ${versions}`);
    [edited, previous] = versions;
    const newest = page.locator(`li.version[data-version="${edited}"]`);
    const added = newest.locator('.diff-field[data-field="answer"] li.diff-add');
    await added.filter({ hasText: stamp }).first().waitFor();
    assert.match(await added.filter({ hasText: stamp }).first().locator('.diff-sign').textContent(), /[+＋]/);
    const deadline = newest.locator('.diff-field[data-field="apply_until"]');
    assert.match(await deadline.locator('h4').textContent(), /申込締切/);
    await deadline.locator('li.diff-add', { hasText: applyUntil }).waitFor();
    await screenshot('history');
    await rollbackTo(previous);
    await page.locator(`li.version[data-version="${previous}"]`).waitFor();
    const after = await versionNumbers();
    assert.ok(after[0] > edited, `a new version on top: ${after}`);
    // The version that was live until the rollback is a published one, not a draft, and the live
    // version offers no rollback to itself.
    assert.match(await page.locator(`li.version[data-version="${edited}"] .version-head`).textContent(), /公開した版/);
    assert.match(await page.locator(`li.version[data-version="${after[0]}"] .version-head`).textContent(), /公開中の版/);
    assert.equal(await page.getByTestId(`rollback-${after[0]}`).count(), 0);
    await screenshot('history-rolled-back');
  });

  await t.test('the console no longer shows the phrase', async () => {
    const r = await ask(question);
    assert.doesNotMatch(r.reply, new RegExp(stamp));
  });

  await t.test('the audit log lists the publish and the rollback', async () => {
    await goto('#/audit');
    await page.getByTestId('audit').locator('tbody tr').first().waitFor();
    const publish = page.locator('tr[data-action="entry.publish"]', { hasText: entryId });
    const rollback = page.locator('tr[data-action="entry.rollback"]', { hasText: entryId });
    await publish.first().waitFor();
    await rollback.first().waitFor();
    assert.match(await publish.first().textContent(), /公開/);
    assert.match(await rollback.first().textContent(), /以前の版に戻す/);
    const toggle = rollback.first().getByRole('button', { name: '詳細' });
    if (await toggle.count()) {
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    }
    await screenshot('audit');
  });

  await t.test('restore the edited version, then the CSV export has the phrase', async () => {
    await goto(`#/entry/${tenant}/${entryId}/history`);
    await versionNumbers();
    await rollbackTo(edited);
    const r = await ask(question);
    assert.match(r.reply, new RegExp(stamp), 'restored');
    await goto('#/csv');
    await page.getByTestId('tenant-select').selectOption(tenant);
    await page.getByTestId('export-link').waitFor();
    await screenshot('csv');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-link').click()]);
    const file = await download.path();
    const csv = fs.readFileSync(file, 'utf8');
    assert.match(csv, /^\uFEFF?[a-z_,]*\bid\b/, 'a CSV header');
    assert.ok(csv.includes(`マドグチ${stamp}`), 'the export carries the phrase');
    assert.match(csv, /^\uFEFF?[a-z_,]*\bevent_end,apply_until\b/, 'the apply_until column');
    assert.ok(csv.includes(`,2020-03-17,2020-03-18,${applyUntil},`), 'the export carries the 申込締切');
    fs.writeFileSync(path.join(out, 'export.csv.txt'), csv);

    // Importing the export again would change nothing, and the preview says so.
    await page.getByTestId('import-file').setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-preview').waitFor();
    await page.getByTestId('import-outcome').getByText('公開中の回答と同じ内容です').waitFor();
    assert.equal(await page.getByTestId('import-confirm').count(), 0, 'nothing to confirm');

    // A changed file is previewed, changed and added answers listed with the differences, and
    // nothing is published until staff confirm: cancelled, the bot still says the old phrase.
    const newline = csv.includes('\r\n') ? '\r\n' : '\n';
    const changed = csv.replace(`マドグチ${stamp}`, `マドグチ${stamp}改`).replace(/\s*$/, '') + newline +
      `preview-${stamp},プレビューで追加する回答,,プレビューのあとで公開される回答です。,,,,,,,,` + newline;
    const previewChanged = async () => {
      await page.getByTestId('import-file').setInputFiles({ name: 'changed.csv', mimeType: 'text/csv', buffer: Buffer.from(changed) });
      await page.getByTestId('import-submit').click();
      await page.getByTestId('import-preview').waitFor();
    };
    await previewChanged();
    assert.match(await page.getByTestId('import-added').textContent(), new RegExp(`preview-${stamp}`));
    const updated = page.getByTestId('import-updated');
    await updated.locator('summary').first().click();
    assert.match(await updated.textContent(), new RegExp(`＋.*マドグチ${stamp}改`), 'the change, marked as added');
    await expectStatus('info', 'まだ公開していません');
    await screenshot('csv-import-preview');
    await page.getByTestId('import-cancel').click();
    await expectStatus('info', '何も変わっていません');
    assert.doesNotMatch((await ask(question)).reply, new RegExp(`マドグチ${stamp}改`), 'nothing published before confirming');

    await goto('#/csv');
    await page.getByTestId('tenant-select').selectOption(tenant);
    await previewChanged();
    await page.getByTestId('import-confirm').click();
    await expectStatus('ok', 'CSVを読み込み');
    assert.match(await page.getByTestId('import-counts').textContent(), /追加1件/);
    assert.match((await ask(question)).reply, new RegExp(`マドグチ${stamp}改`), 'published once confirmed');

    // A broken file lists its problems with lines.
    await goto('#/csv');
    await page.getByTestId('tenant-select').selectOption(tenant);
    await page.getByTestId('import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('id,title,answer\n,タイトル,\nok-1,,\n') });
    await page.getByTestId('import-submit').click();
    await expectStatus('error');
    await page.getByTestId('import-problems').waitFor();
    // In the staff's language: the row's empty id and answer, each said in Japanese.
    const listed = await page.getByTestId('import-problems').textContent();
    assert.match(listed, /\d/);
    assert.match(listed, /空です。すべての回答に ID を付けてください/);
    assert.doesNotMatch(listed, /empty|write the/);
    await screenshot('csv-import-problems');
  });

  await t.test('a title typed as HTML shows as text in the list', async () => {
    await goto('#/entries');
    await page.getByTestId('tenant-select').selectOption(tenant);
    await page.getByTestId('new-entry').click();
    await page.getByTestId('editor').waitFor();
    const id = `browser-html-${stamp.toLowerCase()}`;
    await page.locator('input[name=id]').fill(id);
    await page.getByTestId('edit-title').fill('<b>x</b> <img src=x onerror=alert(1)>');
    await page.getByTestId('edit-answer').fill('これはブラウザ試験の回答です。<i>斜体にならない</i>');
    await page.getByTestId('preview-messenger').getByText('<i>斜体にならない</i>', { exact: false }).waitFor();
    await page.getByTestId('save-draft').click();
    await expectStatus('ok', '下書きを保存しました');
    await page.waitForFunction((want) => location.hash.endsWith(want), `/${id}`);
    await goto('#/entries');
    await page.getByTestId('entry-search').fill('<b>x</b>');
    const link = page.locator(`tr[data-entry="${id}"] a.entry-link`);
    await link.waitFor();
    assert.equal(await link.textContent(), '<b>x</b> <img src=x onerror=alert(1)>');
    assert.equal(await page.getByTestId('entry-list').locator('b, img, i').count(), 0, 'no element made from the text');
    assert.match(await page.locator(`tr[data-entry="${id}"]`).textContent(), /下書き/);
    await screenshot('entries-html-title');
  });

  await t.test('an answer is duplicated into a new draft with a new ID', async () => {
    await goto(`#/entry/${tenant}/${entryId}`);
    await page.getByTestId('editor').waitFor({ timeout });
    const title = await page.getByTestId('edit-title').inputValue();
    const answer = await page.getByTestId('edit-answer').inputValue();
    await page.getByTestId('duplicate').click();
    await page.locator('[data-field="id"]').waitFor({ timeout });
    assert.equal(await page.getByTestId('edit-title').inputValue(), `${title}（コピー）`);
    assert.equal(await page.getByTestId('edit-answer').inputValue(), answer);
    assert.equal(await page.locator('[data-field="id"]').inputValue(), '', 'the copy needs its own ID');
    const copy = `${entryId}-copy-${stamp.toLowerCase()}`;
    await page.locator('[data-field="id"]').fill(copy);
    await page.getByTestId('save-draft').click();
    await expectStatus('ok', '下書きを保存しました');
    await page.waitForFunction((want) => location.hash.endsWith(want), `/${copy}`);
    assert.match(await page.locator('.entry-meta').textContent(), /下書き/);
  });

  await t.test('the approval queue lists the drafts waiting, with their count in the menu', async () => {
    await goto('#/drafts');
    const queue = page.getByTestId('drafts');
    const copy = `${entryId}-copy-${stamp.toLowerCase()}`;
    await queue.locator(`tr[data-entry="${copy}"]`).waitFor({ timeout });
    await queue.locator(`tr[data-entry="browser-html-${stamp.toLowerCase()}"]`).waitFor({ timeout });
    // Not published, the copy of the seminar stays a draft to the end of the test.
    const rows = await queue.locator('tbody tr[data-entry]').count();
    assert.equal(await page.getByTestId('drafts-count').textContent(), `${rows}件`);
    assert.match(await queue.locator(`tr[data-entry="${copy}"]`).textContent(), /新しい回答/);
    await screenshot('drafts');
    // Published from the editor it opens, it leaves the queue.
    const html = `browser-html-${stamp.toLowerCase()}`;
    await queue.locator(`tr[data-entry="${html}"] a.entry-link`).click();
    await page.getByTestId('publish').click();
    await expectStatus('ok', '公開しました');
    await goto('#/drafts');
    await queue.locator(`tr[data-entry="${copy}"]`).waitFor({ timeout }); // listed: the fetch is done
    assert.equal(await queue.locator(`tr[data-entry="${html}"]`).count(), 0);
    assert.equal(await page.getByTestId('drafts-count').textContent(), `${rows - 1}件`);
  });

  await t.test('予約公開: a draft is scheduled in Japan time, shown, and cancelled', async () => {
    const copy = `${entryId}-copy-${stamp.toLowerCase()}`;
    await goto(`#/entry/${tenant}/${copy}`);
    await page.getByTestId('schedule-submit').waitFor({ timeout });
    await page.getByTestId('schedule-submit').click();
    await expectStatus('error', '予約公開の日時');
    await page.getByLabel('予約公開の日時（日本時間）').fill('2099-01-02T09:30');
    await page.getByTestId('schedule-submit').click();
    await expectStatus('error', '1年先まで');
    const next = new Date(Date.now() + 30 * 24 * 3600 * 1000 + 9 * 3600 * 1000); // in a month, as JST
    const local = `${next.toISOString().slice(0, 10)}T10:00`;
    await page.getByLabel('予約公開の日時（日本時間）').fill(local);
    await page.getByTestId('schedule-submit').click();
    await expectStatus('ok', 'に公開するよう予約しました');
    const [date] = local.split('T');
    assert.match(await page.getByTestId('scheduled-at').textContent(), new RegExp(`${date.replaceAll('-', '/')} 10:00`));
    await screenshot('editor-scheduled');
    await page.getByRole('button', { name: '予約を取り消す' }).click();
    await expectStatus('ok', '予約公開を取り消しました');
    await page.getByTestId('schedule-submit').waitFor({ timeout });
  });

  await t.test('unanswered questions: a fallback question can become an example', async () => {
    await messengerMessage('PSID-unanswered', '駐車場は何台とめられますか');
    const row = await eventually('#/unanswered', () => page.getByTestId('unanswered').locator('tbody tr', { hasText: '駐車場' }));
    await screenshot('unanswered');
    assert.ok(row, 'the fallback question is listed');
    await row.locator('select').selectOption(entryId);
    await row.getByRole('button', { name: '例として追加' }).click();
    await expectStatus('ok', '例の質問に追加しました');
  });

  await t.test('unanswered questions: one becomes a new answer, another is set aside', async () => {
    await messengerMessage('PSID-new-answer', '市民プールの営業時間を知りたい');
    await messengerMessage('PSID-dismissed', 'おすすめのラーメン屋さんを教えて');
    const asked = await eventually('#/unanswered', () => page.getByTestId('unanswered').locator('tbody tr', { hasText: 'ラーメン' }));
    assert.ok(asked, 'the fallback questions are listed');
    await asked.getByRole('button', { name: '対応不要' }).click();
    await expectStatus('ok', '対応不要にしました');

    const pool = page.getByTestId('unanswered').locator('tbody tr', { hasText: '市民プール' });
    await pool.getByRole('link', { name: '新しい回答を作る' }).click();
    await page.getByTestId('editor').waitFor({ timeout });
    assert.equal(await page.getByTestId('edit-title').inputValue(), '市民プールの営業時間を知りたい');
    assert.match(await page.locator('[data-field="questions"]').inputValue(), /市民プールの営業時間/);
    await page.locator('[data-field="id"]').fill(`pool-hours-${stamp.toLowerCase()}`);
    await page.getByTestId('edit-answer').fill('市民プールは9時から21時まで開いています。');
    await page.getByTestId('save-draft').click();
    await expectStatus('ok', '下書きを保存しました');
    await screenshot('unanswered-new-answer');

    // Both left the inbox: one answered by the new draft, the other set aside.
    await goto('#/unanswered');
    await page.getByTestId('tenant-select').selectOption(tenant);
    await page.getByTestId('unanswered').locator('tbody tr').first().waitFor({ timeout });
    const listed = await page.getByTestId('unanswered').textContent();
    assert.doesNotMatch(listed, /市民プール|ラーメン/);
  });

  await t.test('a conversation handed to staff is listed, and staff give it back to the bot', async () => {
    await messengerMessage('PSID-handover', '担当者と話したいです');
    const person = `…${`PSID-handover-${stamp}`.slice(-4)}`;
    const row = await eventually('#/handovers', () => page.getByTestId('handovers').locator('tbody tr', { hasText: person }));
    await screenshot('handovers');
    assert.ok(row, 'the hand-over is listed');
    // Esc closes the question and gives the focus back to the button that asked it.
    await row.getByRole('button', { name: 'Botに戻す' }).click();
    await page.locator('#confirm[open]').waitFor({ timeout });
    await page.keyboard.press('Escape');
    await page.locator('#confirm[open]').waitFor({ state: 'detached', timeout });
    await page.waitForFunction(() => document.activeElement?.textContent === 'Botに戻す', null, { timeout: 3000 });
    await row.getByRole('button', { name: 'Botに戻す' }).click();
    await page.locator('#confirm[open]').waitFor({ timeout });
    await page.locator('#confirm-ok').click();
    await expectStatus('ok', 'ボットに戻しました');
    assert.match(await row.textContent(), /Botに戻しました/);
    // Listed again, it says so (the bot takes the thread at the person's next message) and offers
    // no second button.
    await goto('#/handovers');
    const again = page.getByTestId('handovers').locator('tbody tr', { hasText: person });
    await again.getByText('Botに戻しました').waitFor({ timeout });
    assert.equal(await again.getByRole('button', { name: 'Botに戻す' }).count(), 0);
    await screenshot('handover-returned');
  });

  const editor = `editor-${stamp.toLowerCase()}`;
  const editorPassword = 'editor-password-123';
  const newEditorPassword = 'editor-password-456';
  await t.test('staff accounts: add an editor', async () => {
    await goto('#/staff');
    await page.getByTestId('staff').locator(`tr[data-username="${username}"]`).waitFor();
    const add = page.getByTestId('add-staff-form');
    await add.getByLabel('ユーザー名（半角の小文字・数字・. _ -）', { exact: true }).fill(editor);
    await add.getByLabel('パスワード（12文字以上）', { exact: true }).fill(editorPassword);
    await add.getByLabel('役割', { exact: true }).selectOption('editor');
    await add.getByLabel('大阪府', { exact: true }).check();
    await add.getByRole('button', { name: '追加する' }).click();
    await expectStatus('ok', `${editor} を追加しました`);
    await page.getByTestId('staff').locator(`tr[data-username="${editor}"]`).waitFor();
    await screenshot('staff');
  });

  await t.test('staff accounts: change an editor\'s cities, disable and enable again', async () => {
    const row = () => page.getByTestId('staff').locator(`tr[data-username="${editor}"]`);
    await row().getByRole('button', { name: '役割と担当' }).click();
    const access = page.locator('tr.details:not([hidden]) [data-testid="access-form"]');
    await access.getByLabel('横手市', { exact: true }).check();
    await access.getByRole('button', { name: '変更する' }).click();
    await expectStatus('ok', `${editor} の役割と担当を変更しました`);
    await row().waitFor();
    assert.match(await row().locator('td').nth(2).textContent(), /大阪府、横手市|横手市、大阪府/);
    await screenshot('staff-access');

    await row().getByRole('button', { name: '無効にする' }).click();
    await page.locator('#confirm[open]').waitFor({ timeout });
    await page.locator('#confirm-ok').click();
    await expectStatus('ok', `${editor} を無効にしました`);
    await row().getByRole('button', { name: '有効にする' }).click();
    await expectStatus('ok', `${editor} を有効にしました`);
    await row().getByRole('button', { name: '役割と担当' }).waitFor({ timeout });
  });

  await t.test('on a phone the menu folds and tables become cards', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await goto('#/entries');
      await page.getByTestId('entry-list').locator('tbody tr').first().waitFor({ timeout });
      const toggle = page.locator('#menu-toggle');
      assert.ok(await toggle.isVisible(), 'the menu button is shown');
      assert.equal(await page.locator('#nav').isVisible(), false, 'the menu is folded');
      const header = await page.locator('.topbar').boundingBox();
      assert.ok(header.height < 100, `the folded header is ${header.height} px high`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 390, `the page is ${wide} px wide: it scrolls sideways`);
      const cell = page.getByTestId('entry-list').locator('tbody tr td').first();
      assert.equal(await cell.getAttribute('data-label'), 'タイトル', 'a card names its fields');
      assert.ok((await cell.boundingBox()).width > 300, 'a cell is as wide as the card');
      await screenshot('phone-entries');
      await toggle.click();
      await page.locator('#nav').waitFor({ state: 'visible', timeout });
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      await screenshot('phone-menu');
      await page.locator('#nav a[href="#/staff"]').click();
      await page.getByTestId('staff').waitFor({ timeout });
      assert.equal(await page.locator('#nav').isVisible(), false, 'choosing a screen folds the menu');
      const role = page.getByTestId('staff').locator('tbody tr[data-username] td').nth(1);
      assert.ok((await role.boundingBox()).width > 300, 'a role is not broken a character per line');
      await screenshot('phone-staff');
      // Every other screen at phone size: no sideways scrolling (and axe-core on each).
      for (const [hash, name] of [[`#/entry/${tenant}/${entryId}`, 'editor'], [`#/entry/${tenant}/${entryId}/history`, 'history'],
        ['#/unanswered', 'unanswered'], ['#/try', 'console'], ['#/handovers', 'handovers'], ['#/audit', 'audit'],
        ['#/csv', 'csv'], ['#/me', 'own-password']]) {
        await goto(hash);
        await page.locator('main .loading').waitFor({ state: 'detached', timeout });
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `${name} is ${width} px wide on a phone: it scrolls sideways`);
        await screenshot(`phone-${name}`);
      }
    } finally {
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  });

  await t.test('log out', async () => {
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    const me = await page.request.get('/admin/api/me');
    assert.equal(me.status(), 401, 'the session has ended');
  });

  await t.test('an editor drafts but sees no publish button and no staff screen', async () => {
    await page.locator('input[name=username]').fill(editor);
    await page.locator('input[name=password]').fill(editorPassword);
    await page.locator('input[name=password]').press('Enter');
    await page.getByTestId('entry-list').locator(`tr[data-entry="${entryId}"]`).waitFor();
    assert.equal(await page.locator('#nav a[href="#/staff"]').count(), 0);
    await page.locator(`tr[data-entry="${entryId}"] a.entry-link`).click();
    await page.getByTestId('editor').waitFor();
    assert.equal(await page.getByTestId('publish').count(), 0);
    assert.equal(await page.getByTestId('save-draft').count(), 1);
    // Another city's answer, opened by its address: refused, said so, no endless 読み込み中.
    await goto('#/entry/morioka/morioka-sme-seminar');
    await page.getByTestId('load-failed').waitFor({ timeout });
    assert.equal(await page.locator('main .loading').count(), 0);
    await expectStatus('error');

    // The editor changes their own password: a wrong current one is named at its field; then
    // every session ends and the new password signs in.
    await page.getByTestId('own-password').click();
    const own = page.getByTestId('own-password-form');
    await own.waitFor({ timeout });
    await own.locator('[data-field="current"]').fill('not-my-password-0000');
    await own.locator('[data-field="password"]').fill(newEditorPassword);
    await own.locator('[data-field="again"]').fill(newEditorPassword);
    await page.getByTestId('own-password-submit').click();
    await expectStatus('error', 'いまのパスワードが違います');
    assert.equal(await own.locator('[data-field="current"]').getAttribute('aria-invalid'), 'true');
    await own.locator('[data-field="current"]').fill(editorPassword);
    await page.getByTestId('own-password-submit').click();
    await page.getByTestId('login-form').waitFor({ timeout });
    await expectStatus('ok', 'パスワードを変更しました');
    await page.locator('input[name=username]').fill(editor);
    await page.locator('input[name=password]').fill(newEditorPassword);
    await page.locator('input[name=password]').press('Enter');
    await page.getByTestId('entry-list').waitFor({ timeout });
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
  });

  await t.test('repeated wrong passwords make the account wait, and the page says how long', async () => {
    let locked = null;
    for (let attempt = 0; attempt < 7 && !locked; attempt += 1) {
      await page.locator('input[name=username]').fill(editor);
      await page.locator('input[name=password]').fill(`wrong-password-${attempt}`);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/admin/api/login')),
        page.locator('input[name=password]').press('Enter'),
      ]);
      await expectStatus('error');
      if (response.status() === 429) locked = await status().textContent();
    }
    assert.ok(locked, 'a 429 after repeated failures');
    assert.match(locked, /分/, `the wait is shown in minutes: ${locked}`);
    await screenshot('login-locked');
  });

  await t.test('no CSP violation and no script error on any screen', async () => {
    assert.deepEqual(problems, []);
  });

  await t.test('no serious accessibility violation (axe-core) on any screen', async () => {
    assert.deepEqual(accessibility, []);
  });
});
