// The queue cannot be worked by accident (issue 9): a rejection asks for the public reason, what the
// resident hears of waits out an undo window, bulk changes say whom they touch; a held `j` never
// duplicates rows; the counts are right after every change; the first rows are above the fold.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, apiReport, COORDINATOR, launch, phone, seedReports, staffApi, staffLogin, step, tabTo } from './helpers.mjs';

let browser;
let asCoordinator;
before(async () => {
  browser = await launch();
  asCoordinator = await staffApi(COORDINATOR);
});
after(() => browser?.close());

const press = (page, key) => page.keyboard.press(key);
const rows = (page) => page.locator('.queue-list > li');
const selectedId = (page) => page.locator('.queue-row.is-selected').getAttribute('data-id');
const report = async (id) => (await asCoordinator(`/reports/${id}`)).body;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Reports whose reporters left an e-mail address: every public change is e-mailed to them. */
async function seedWithEmail(marker, n) {
  const ids = [];
  for (let i = 0; i < n; i++) {
    const res = await api('/reports', {
      method: 'POST',
      body: JSON.stringify(
        apiReport({
          description: `${marker} med e-post ${i + 1}: trasig belysning vid gångtunneln.`,
          lat: 58.0795 + i * 0.0004,
          contact: { email: `boende${i + 1}@example.se`, consent: true },
        }),
      ),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    ids.push(res.body.id);
  }
  return ids;
}

/** Whether two boxes overlap. */
const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('x asks for a public reason; cancelling or undoing sends nothing, and the reason reaches the tracking page', async () => {
  const marker = `Avvisa${Date.now()}`;
  const ids = await seedWithEmail(marker, 3);
  const { context, page, errors } = await phone(browser);
  await staffLogin(page, COORDINATOR, `/personal/ko?q=${marker}`);
  await page.locator('.queue-shown', { hasText: 'Visar 3 av 3.' }).waitFor();
  const listed = await rows(page).evaluateAll((lis) => lis.map((li) => li.dataset.id));
  const [first, second] = listed;
  await page.locator(`.queue-row[data-id="${first}"] .badge-mail`).waitFor();

  // Escape in the dialog: nothing sent.
  await press(page, 'j');
  await press(page, 'x');
  const dialog = page.getByRole('dialog', { name: `Avvisa ${first}` });
  await dialog.getByText('Den som rapporterade får ditt svar med e-post').waitFor();
  await step(page, 'staff-triage-01-reject-dialog');
  await press(page, 'Escape');
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('status').getByText(`${first} ändrades inte.`).waitFor();
  assert.equal(await selectedId(page), first);

  // "Not the municipality's responsibility – contact …": the gap must be filled in first.
  await press(page, 'x');
  await dialog.getByRole('radio', { name: 'Inte kommunens ansvar' }).check();
  const text = dialog.getByLabel('Svar till den som rapporterade');
  assert.equal(await text.inputValue(), 'Det här är inte kommunens ansvar – kontakta …');
  await dialog.getByRole('button', { name: 'Avvisa och skicka svaret' }).click();
  await dialog.locator('.field-error').getByText('Skriv vem man kan kontakta i stället för ”…”.').waitFor();
  await step(page, 'staff-triage-02-reject-gap');
  // The caret is on the gap: typing replaces it.
  await text.focus();
  await text.evaluate((el) => {
    const at = el.value.indexOf('…');
    el.setSelectionRange(at, at + 1);
  });
  await page.keyboard.type('Trafikverket på 0771-921 921.');
  await dialog.getByRole('button', { name: 'Avvisa och skicka svaret' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('status').getByText(`${first} blir Avvisad om 5 sekunder. Den som rapporterade får e-post om det.`).waitFor();
  await page.locator(`.queue-row[data-id="${first}"] .badge-pending`, { hasText: 'Blir Avvisad strax' }).waitFor();
  // The message bar sits at the bottom edge, clear of the row the selection moved on to.
  assert.equal(await selectedId(page), second);
  const bar = await page.locator('.queue-messages').boundingBox();
  const next = await page.locator('.queue-row.is-selected').boundingBox();
  assert.ok(!overlap(bar, next), `the message bar ${JSON.stringify(bar)} covers the next row ${JSON.stringify(next)}`);
  await step(page, 'staff-triage-03-undo-window');
  // u undoes it: the row is as it was, and after the window nothing has reached the server.
  await press(page, 'u');
  await page.getByRole('status').getByText(`Ångrat. ${first} har kvar status Ny. Inget skickades.`).waitFor();
  assert.equal(await page.locator('.badge-pending').count(), 0);
  await sleep(5500);
  const untouched = await report(first);
  assert.equal(untouched.status, 'new');
  assert.equal(untouched.timeline.filter((e) => e.kind === 'public_reply').length, 0);

  // Now for real: the reason goes with the status change.
  assert.equal(await selectedId(page), first, 'undo goes back to the report');
  await press(page, 'x');
  await dialog.getByRole('radio', { name: 'Inte kommunens ansvar' }).check();
  await text.fill('Det här är inte kommunens ansvar – kontakta Trafikverket på 0771-921 921.');
  await dialog.getByRole('button', { name: 'Avvisa och skicka svaret' }).click();
  await page.getByRole('status').getByText(`${first}: ny status Avvisad.`).waitFor({ timeout: 10_000 });
  const rejected = await report(first);
  assert.equal(rejected.status, 'rejected');
  assert.deepEqual(
    rejected.timeline.filter((e) => e.kind === 'public_reply').map((e) => e.text),
    ['Det här är inte kommunens ansvar – kontakta Trafikverket på 0771-921 921.'],
  );
  // The resident's tracking page shows the reason: the server holds it as a public event.
  assert.equal(rejected.timeline.find((e) => e.kind === 'public_reply').public, true);

  // t on a report whose reporter gets e-mail waits too, and the Ångra button takes it back.
  await page.locator(`.queue-row[data-id="${second}"] a`).focus();
  await press(page, 't');
  await page.getByRole('status').getByText(`${second} blir Bedömd om 5 sekunder. Den som rapporterade får e-post om det.`).waitFor();
  await page.getByRole('button', { name: `Ångra ${second} (u)` }).click();
  await page.getByRole('status').getByText(`Ångrat. ${second} har kvar status Ny. Inget skickades.`).waitFor();
  await sleep(5500);
  assert.equal((await report(second)).status, 'new');
  assert.deepEqual(errors, []);
  await context.close();
});

test('bulk changes say how many reports and residents they touch before anything is sent; a bulk rejection needs the reason', async () => {
  const marker = `Massvis${Date.now()}`;
  const plain = await seedReports(marker, 3);
  const mailed = await seedWithEmail(marker, 2);
  const { context, page, errors } = await phone(browser, { viewport: { width: 1280, height: 800 } });
  await staffLogin(page, COORDINATOR, `/personal/ko?q=${marker}`);
  await page.locator('.queue-shown', { hasText: 'Visar 5 av 5.' }).waitFor();
  await page.locator('summary', { hasText: 'Ändra flera' }).click();
  await page.getByLabel('Markera alla som visas').check();
  await page.getByLabel('Ny status för markerade').selectOption('triaged');
  await page.getByRole('button', { name: 'Ändra markerade (5)' }).click();
  const confirm = page.getByRole('dialog', { name: 'Ändra 5 rapporter?' });
  await confirm.getByText('5 rapporter får status Bedömd.').waitFor();
  await confirm.getByText('2 av dem som rapporterade får e-post om det.').waitFor();
  await step(page, 'staff-triage-04-bulk-confirm');
  await confirm.getByRole('button', { name: 'Avbryt' }).click();
  await page.getByRole('status').getByText('Inget ändrades.').waitFor();
  for (const id of [...plain, ...mailed]) assert.equal((await report(id)).status, 'new');

  // Reject two (one of them e-mailed): the dialog asks for the one reason they all get.
  await page.getByLabel('Markera alla som visas').uncheck();
  await page.getByLabel(`Markera ${plain[0]}`).check();
  await page.getByLabel(`Markera ${mailed[0]}`).check();
  await page.getByLabel('Ny status för markerade').selectOption('rejected');
  await page.getByRole('button', { name: 'Ändra markerade (2)' }).click();
  const reject = page.getByRole('dialog', { name: 'Ändra 2 rapporter?' });
  await reject.getByText('1 av dem som rapporterade får e-post om det.').waitFor();
  await reject.getByRole('button', { name: 'Ändra 2 rapporter till Avvisad' }).click();
  await reject.locator('.field-error').getByText('Skriv ett svar, eller välj ett av förslagen.').waitFor();
  await reject.getByRole('radio', { name: 'Redan åtgärdat' }).check();
  await step(page, 'staff-triage-05-bulk-reject');
  await reject.getByRole('button', { name: 'Ändra 2 rapporter till Avvisad' }).click();
  await page.getByRole('status').getByText('2 rapporter fick status Avvisad.').waitFor();
  for (const id of [plain[0], mailed[0]]) {
    const r = await report(id);
    assert.equal(r.status, 'rejected');
    assert.equal(r.timeline.find((e) => e.kind === 'public_reply')?.text, 'Det som beskrivs är redan åtgärdat.');
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a held j (20 ms repeat) across the page boundary loads each page once; the counts stay right in a filtered view', async () => {
  const marker = `Hållen${Date.now()}`;
  await seedReports(marker, 70);
  const { context, page, errors } = await phone(browser, { viewport: { width: 1280, height: 800 } });
  await staffLogin(page, COORDINATOR, `/personal/ko?q=${marker}&status=new`);
  await page.locator('.queue-shown', { hasText: 'Visar 50 av 70.' }).waitFor();
  let pages = 0;
  page.on('request', (r) => {
    if (/\/api\/v1\/reports\?/.test(r.url()) && r.url().includes('cursor=')) pages++;
  });
  // What key auto-repeat sends: keydown after keydown, 20 ms apart, without waiting for the page.
  await page.evaluate(
    () =>
      new Promise((done) => {
        let n = 0;
        const timer = setInterval(() => {
          document.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', repeat: n > 0, bubbles: true }));
          if (++n === 80) {
            clearInterval(timer);
            done();
          }
        }, 20);
      }),
  );
  await page.locator('.queue-shown', { hasText: 'Visar 70 av 70.' }).waitFor();
  await page.waitForFunction(() => document.querySelector('.queue-row.is-selected')?.dataset.id === document.querySelector('.queue-list > li:last-child')?.dataset.id);
  const ids = await rows(page).evaluateAll((lis) => lis.map((li) => li.dataset.id));
  assert.equal(ids.length, 70);
  assert.equal(new Set(ids).size, 70, 'no row twice');
  assert.equal(pages, 1, 'the second page was fetched once');
  await step(page, 'staff-triage-06-held-j');

  // In "Ny", a triaged row stays in the list but is counted apart: n never exceeds the total.
  await press(page, 't');
  await page.getByRole('status').getByText(/: ny status Bedömd\.$/).waitFor();
  await page.locator('.queue-shown', { hasText: 'Visar 69 av 69. 1 rapport som du har ändrat ligger kvar i listan men matchar inte längre filtret.' }).waitFor();
  const counts = page.getByRole('navigation', { name: 'Antal per status' });
  await counts.getByRole('link', { name: /^Ny\s+69$/ }).waitFor();
  await counts.getByRole('link', { name: /^Bedömd\s+1$/ }).waitFor();
  await press(page, 'k');
  await press(page, 't');
  await page.locator('.queue-shown', { hasText: 'Visar 68 av 68. 2 rapporter som du har ändrat ligger kvar i listan men matchar inte längre filtret.' }).waitFor();
  await counts.getByRole('link', { name: /^Ny\s+68$/ }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('the queue opens on the open work, with its first rows above the fold at 1280×800 and on a 360×780 phone', async () => {
  const marker = `Öppet${Date.now()}`;
  const [done] = await seedReports(marker, 3);
  await asCoordinator(`/reports/${done}/actions`, { method: 'POST', body: { action: 'status', status: 'triaged' } });
  await asCoordinator(`/reports/${done}/actions`, { method: 'POST', body: { action: 'status', status: 'in_progress' } });
  await asCoordinator(`/reports/${done}/actions`, { method: 'POST', body: { action: 'status', status: 'resolved' } });
  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 360, height: 780 }],
  ]) {
    const { context, page, errors } = await phone(browser, { viewport });
    await staffLogin(page, COORDINATOR, '/personal/ko');
    const counts = page.getByRole('navigation', { name: 'Antal per status' });
    await counts.locator('[aria-current="page"]', { hasText: 'Att göra' }).waitFor();
    await rows(page).first().waitFor();
    const statuses = await rows(page).evaluateAll((lis) => lis.map((li) => li.querySelector('.badge').textContent));
    assert.ok(statuses.every((s) => ['Ny', 'Bedömd', 'Hanteras'].includes(s)), `open work only: ${statuses}`);
    const box = await rows(page).first().boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, `${name}: the first row ${JSON.stringify(box)} is above the fold`);
    assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, `${name}: the first row fits the width`);
    await step(page, `staff-triage-07-above-the-fold-${name}`);

    // The filtered set as well: rows under the folded filters and bulk bar, the search in the summary.
    await page.goto(`/personal/ko?q=${marker}`);
    await page.locator('.queue-shown', { hasText: 'Visar 2 av 2.' }).waitFor();
    await page.locator('summary', { hasText: 'Filter' }).getByText('1 valt').waitFor();
    const filtered = await rows(page).first().boundingBox();
    assert.ok(filtered.y + filtered.height <= viewport.height, `${name}: filtered, the first row is above the fold`);
    // "Alla" shows the rest, the resolved one too; the key hints are in the ? help.
    await counts.getByRole('link', { name: /^Alla\s+3$/ }).click();
    await page.locator('.queue-shown', { hasText: 'Visar 3 av 3.' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('status'), 'all');
    await page.getByRole('button', { name: /Kortkommandon/ }).click();
    const help = page.getByRole('dialog', { name: 'Kortkommandon' });
    await help.getByText('Ångra den senaste ändringen som väntar').waitFor();
    await help.getByText('Sätt status Bedömd och gå till nästa').waitFor();
    await step(page, `staff-triage-08-help-${name}`);
    await press(page, 'Escape');
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('the queue speaks English with the same status words', async () => {
  const marker = `English${Date.now()}`;
  await seedReports(marker, 1);
  const { context, page, errors } = await phone(browser);
  await staffLogin(page, COORDINATOR, `/personal/ko?q=${marker}`);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Queue' }).waitFor();
  const counts = page.getByRole('navigation', { name: 'Count by status' });
  await counts.getByRole('link', { name: /^Open\s+1$/ }).waitFor();
  await counts.getByRole('link', { name: /^Assessed\s+0$/ }).waitFor();
  await press(page, '?');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByText('Set status Assessed and go to the next').waitFor();
  await press(page, 'Escape');
  await page.getByRole('button', { name: 'Svenska' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kö' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
