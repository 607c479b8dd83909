// A resident answers a trygghetsenkät on a phone: one question per screen, offline, with the
// map, the optional background, a closed or not yet open survey, and invitation codes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, byName, COORDINATOR, installApp, launch, phone, putRecord, staffApi, step, tabTo } from './helpers.mjs';

let browser;
let coordinator;
const opened = [];

before(async () => {
  browser = await launch();
  coordinator = await staffApi(COORDINATOR);
});

// Surveys left open would be offered on the start page of the tests that follow.
after(async () => {
  for (const slug of opened) {
    await coordinator(`/staff/surveys/${slug}/actions`, { method: 'POST', body: { action: 'close' } });
  }
  await browser?.close();
});

const DAY = 86_400_000;

/** The standard template, published through the staff API: open now (or from `opensIn` ms on). */
async function publishSurvey(slug, { access, opensIn } = {}) {
  const made = await coordinator('/staff/surveys', { method: 'POST', body: { slug, ...(access && { access }) } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const publish = {
    action: 'publish',
    closes_at: new Date(Date.now() + 30 * DAY).toISOString(),
    ...(opensIn && { opens_at: new Date(Date.now() + opensIn).toISOString() }),
  };
  const published = await coordinator(`/staff/surveys/${slug}/actions`, { method: 'POST', body: publish });
  assert.equal(published.status, 200, JSON.stringify(published.body));
  opened.push(slug);
}

const uniqueSlug = (name) => `${name}-${Date.now().toString(36)}`;

/** Waits for question `n` of `total` ("Fråga 3 av 35 …") and for focus on it. */
async function atQuestion(page, n, total) {
  await page.getByRole('heading', { level: 1, name: new RegExp(`^Fråga ${n} av ${total}\\b`) }).waitFor();
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
}

/** Presses a button and waits for the next screen (its heading differs). */
async function go(page, button = 'Nästa') {
  const before = await page.locator('h1').textContent();
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForFunction((b) => {
    const h1 = document.querySelector('h1');
    return !!h1 && h1.textContent !== b;
  }, before);
}

/** The code of the question on screen: its controls are named after it; null on other screens. */
async function questionCode(page) {
  if (await page.locator('.map-question').count()) return 'map_unsafe';
  const named = page.locator('main fieldset input[name], main input[name], main textarea[name]');
  return (await named.count()) ? named.first().getAttribute('name') : null;
}

/** Controls in the page that are smaller than a 44 px touch target. */
function smallTargets(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('main button, main a.btn, main select, main .choice label, main input[type=text]')]
      .filter((el) => el.offsetParent !== null)
      .filter((el) => el.getBoundingClientRect().height < 44)
      .map((el) => el.textContent.trim() || el.outerHTML.slice(0, 60)),
  );
}

/** Marks two places on the map question, the first by keyboard, the second by locality; removes the second. */
async function markPlaces(page) {
  await page.locator('.leaflet-container').waitFor();
  await page.locator('#f-map_unsafe').focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowLeft');
  await tabTo(page, byName(/^Markera kartans mitt$/));
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText(/^Plats 1 är markerad/).waitFor();
  await tabTo(page, (f) => f.tag === 'select');
  await page.locator('select').selectOption({ label: 'Annelund' });
  await tabTo(page, byName(/^Lägg till orten$/));
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('Plats 2 är markerad: Annelund.', { exact: false }).waitFor();
  assert.equal(await page.locator('.map-point').count(), 2, 'two numbered markers on the map');
  await page.getByRole('heading', { level: 2, name: 'Dina platser (2 av högst 10)' }).waitFor();
  await page.locator('.map').scrollIntoViewIfNeeded();
  await step(page, 'survey-06-map');

  // Why and when for the first place, from the keyboard: the chips are checkboxes.
  await page.getByRole('heading', { level: 3, name: /^Plats 1:/ }).focus();
  await tabTo(page, (f) => f.type === 'checkbox' && f.name === 'Mörkt');
  await page.keyboard.press('Space');
  await page.getByRole('group', { name: 'När känns plats 1 otrygg?' }).getByLabel('Kväll').check();
  await step(page, 'survey-07-places');

  await page.getByRole('button', { name: 'Ta bort plats 2' }).click();
  await page.getByRole('status').getByText('Plats 2 är borttagen.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Dina platser (1 av högst 10)');
  assert.equal(await page.locator('.map-point').count(), 1);
  assert.ok(await page.getByRole('checkbox', { name: 'Mörkt' }).isChecked(), 'the first place keeps its reasons');
}

/** What the resident answers in test (a), by question code; every other question is skipped. */
const PLAN = {
  never_out_crime: 'Ja',
  avoid_route: 'Ja, ibland',
  problem_lighting: 'Ganska stort problem',
  problem_littering: 'Vet ej',
  victim_violence: 'Nej',
  victim_theft: 'Ja',
  trust_kommun: 'Instämmer delvis',
  bg_age: '25–44 år',
  bg_area: 'Herrljunga',
};

/** Answers from the second question to the review, following PLAN; returns the codes seen, in order. */
async function answerToReview(page) {
  const seen = [];
  for (let guard = 0; guard < 60; guard++) {
    const title = await page.locator('h1').textContent();
    if (title === 'Kontrollera dina svar') return seen;
    if (title === 'Frågor om dig – frivilliga') {
      await step(page, 'survey-08-background');
      await go(page, 'Svara på frågorna om dig');
      continue;
    }
    const code = await questionCode(page);
    seen.push(code);
    if (PLAN[code]) await page.getByRole('radio', { name: PLAN[code], exact: true }).check();
    if (code === 'avoid_route') {
      // A reload (offline) comes back to the same question with the answer kept.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: new RegExp(`^${title.match(/^Fråga \d+ av \d+/)[0]}`) }).waitFor();
      assert.ok(await page.getByRole('radio', { name: 'Ja, ibland' }).isChecked(), 'the answer survives a reload');
    }
    if (code === 'victim_theft_times') {
      await page.getByRole('textbox').fill('två');
      await page.getByRole('button', { name: 'Nästa' }).click();
      await page.locator('.error-summary').getByText('Skriv ett heltal med siffror, till exempel 3.').waitFor();
      await step(page, 'survey-05-number-error');
      await page.getByRole('textbox').fill('2');
    }
    if (code === 'map_unsafe') await markPlaces(page);
    if (code === 'comment') await page.getByRole('textbox').fill('Belysningen vid stationen är trasig.');
    if (code === 'bg_age') await step(page, 'survey-09-background-question');
    await go(page);
  }
  assert.fail('the review was not reached');
}

test('a resident answers the standard survey offline on a phone, and the server gets it exactly once when the network returns', async () => {
  const slug = uniqueSlug('trygghet');
  await publishSurvey(slug);
  const { context, page, errors } = await phone(browser);
  // Answers that reached the server: a try while offline has no response.
  const posts = [];
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && r.url().endsWith(`/api/v1/surveys/${slug}/responses`)) posts.push(r);
  });

  await page.goto('/');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const card = page.locator('.survey-card', { has: page.locator(`a[href="/enkat/${slug}"]`) });
  await card.getByRole('heading', { level: 2, name: 'Trygghetsenkät' }).waitFor();
  await card.getByText(/^Svara senast /).waitFor();
  await step(page, 'survey-01-home');
  await card.getByRole('link', { name: /^Svara på enkäten/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Trygghetsenkät' }).waitFor();
  await page.getByText('Enkäten har 35 frågor och tar ungefär 10 minuter.').waitFor();
  await step(page, 'survey-02-intro');

  await context.setOffline(true);
  await go(page, 'Börja svara');
  await atQuestion(page, 1, 35);
  assert.deepEqual(await smallTargets(page), []);
  await page.getByRole('button', { name: 'Nästa' }).click();
  const summary = page.locator('.error-summary');
  await summary.getByText('Välj ett svar.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true);
  await step(page, 'survey-03-required');
  await page.getByRole('radio', { name: 'Jag går aldrig ut ensam sent' }).check();
  await summary.waitFor({ state: 'detached' });
  // The follow-up question now counts.
  await page.getByRole('heading', { level: 1, name: /^Fråga 1 av 36\b/ }).waitFor();
  await step(page, 'survey-04-question');
  await go(page);
  await atQuestion(page, 2, 36);
  await page.getByRole('heading', { name: /Är det för att du är orolig för att utsättas för brott\?$/ }).waitFor();

  const seen = await answerToReview(page);
  assert.equal(seen[0], 'never_out_crime', 'the follow-up is asked right after "går aldrig ut"');
  assert.ok(!seen.includes('victim_violence_times'), '"how many times" is not asked after "Nej"');
  assert.equal(seen[seen.indexOf('victim_theft') + 1], 'victim_theft_times', '…and is after "Ja"');
  assert.ok(seen.includes('bg_gender'), 'the background questions were offered');

  await page.getByRole('heading', { level: 2, name: 'Frågor om dig' }).waitFor();
  await page.getByRole('definition').filter({ hasText: 'Plats 1:' }).getByText('Mörkt – Kväll').waitFor();
  await step(page, 'survey-10-review');
  // "Ändra" from the review returns to it.
  await go(page, /^Ändra\W+Hur mycket oroar du dig för brottsligheten i samhället\?$/);
  await page.getByRole('radio', { name: 'Ganska lite' }).check();
  await go(page, 'Spara ändringen');
  await page.getByRole('definition').filter({ hasText: 'Ganska lite' }).waitFor();

  await go(page, 'Skicka svaren');
  await page.getByRole('heading', { level: 1, name: 'Tack! Dina svar är sparade på enheten' }).waitFor();
  await page.getByText('De skickas nästa gång du har appen öppen och har nätverk.', { exact: false }).waitFor();
  await step(page, 'survey-11-queued');
  assert.equal(posts.length, 0, 'nothing left the phone while offline');

  await page.getByRole('link', { name: 'Till startsidan' }).click();
  await page.getByRole('status').getByText('Dina svar på 1 enkät väntar på att skickas.').waitFor();
  const received = page.waitForResponse((r) => r.url().endsWith(`/surveys/${slug}/responses`) && r.status() === 201);
  await context.setOffline(false);
  const response = await received;
  await page.getByRole('status').getByText('Dina sparade enkätsvar har nu skickats. Tack!').waitFor();
  await step(page, 'survey-12-sent');

  const body = JSON.parse(response.request().postData());
  assert.equal(body.answers.unsafe_evening, 'never_out');
  assert.equal(body.answers.never_out_crime, 'yes');
  assert.equal(body.answers.victim_theft_times, 2);
  assert.equal(body.answers.victim_violence, 'no');
  assert.ok(!('victim_violence_times' in body.answers));
  assert.equal(body.answers.worry_society, 'quite_little');
  assert.equal(body.answers.map_unsafe.length, 1);
  assert.deepEqual(body.answers.map_unsafe[0].reasons, ['dark']);
  assert.equal(body.answers.map_unsafe[0].time_of_day, 'evening');
  assert.equal(body.answers.bg_age, 'age_25_44');
  assert.equal(body.answers.bg_area, 'herrljunga');
  assert.ok(!('bg_gender' in body.answers), 'a skipped question is not sent');

  assert.equal(posts.length, 1, 'one POST once the network is back');
  const detail = await coordinator(`/staff/surveys/${slug}`);
  assert.equal(detail.body.responses, 1, 'exactly one response on the server');
  const replay = await api(`/surveys/${slug}/responses`, { method: 'POST', body: response.request().postData() });
  assert.equal(replay.status, 200, 'the same answers again are an offline retry, not a second response');
  assert.equal((await coordinator(`/staff/surveys/${slug}`)).body.responses, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a closed survey, one not open yet and an unknown address each say so', async () => {
  const closed = uniqueSlug('stangd');
  await publishSurvey(closed);
  await coordinator(`/staff/surveys/${closed}/actions`, { method: 'POST', body: { action: 'close' } });
  const later = uniqueSlug('senare');
  await publishSurvey(later, { opensIn: 7 * DAY });
  const { context, page, errors } = await phone(browser);

  await page.goto(`/enkat/${closed}`);
  await page.getByRole('heading', { level: 1, name: 'Enkäten är stängd' }).waitFor();
  await page.getByText('Enkäten tar inte emot fler svar.', { exact: false }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Börja svara' }).count(), 0);
  await step(page, 'survey-20-closed');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'The survey is closed' }).waitFor();
  await page.getByRole('button', { name: 'Svenska' }).click();

  await page.goto(`/enkat/${later}`);
  await page.getByRole('heading', { level: 1, name: 'Enkäten har inte öppnat än' }).waitFor();
  await page.getByText(/^Enkäten öppnar den \d+ \w+ \d{4}\./).waitFor();
  await step(page, 'survey-21-scheduled');

  await page.goto('/enkat/finns-inte-alls');
  await page.getByRole('heading', { level: 1, name: 'Sidan finns inte' }).waitFor();

  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: 'Tipsa om otrygga platser' }).waitFor();
  assert.equal(await page.locator(`a[href="/enkat/${closed}"], a[href="/enkat/${later}"]`).count(), 0, 'neither is offered');
  assert.deepEqual(errors, []);
  await context.close();
});

/** Skips every question (only the first is required) to the review. */
async function skipToReview(page) {
  await page.getByRole('radio', { name: 'Ganska trygg' }).check();
  for (let guard = 0; guard < 60; guard++) {
    const title = await page.locator('h1').textContent();
    if (title === 'Kontrollera dina svar') return;
    await go(page, title === 'Frågor om dig – frivilliga' ? 'Hoppa över frågorna om dig' : 'Nästa');
  }
  assert.fail('the review was not reached');
}

test('a survey by invitation asks for the code, and tells an unknown code from one already used', async () => {
  const slug = uniqueSlug('urval');
  await coordinator('/staff/surveys', { method: 'POST', body: { slug, access: 'invitation' } });
  const invited = await coordinator(`/staff/surveys/${slug}/invitations`, { method: 'POST', body: { count: 2 } });
  assert.equal(invited.status, 201);
  const [used] = invited.body.codes;
  const published = await coordinator(`/staff/surveys/${slug}/actions`, {
    method: 'POST',
    body: { action: 'publish', closes_at: new Date(Date.now() + 30 * DAY).toISOString() },
  });
  assert.equal(published.status, 200);
  opened.push(slug);
  // Someone has already answered with the first code.
  const first = await api(`/surveys/${slug}/responses`, {
    method: 'POST',
    body: JSON.stringify({ client_id: crypto.randomUUID(), version: 1, answers: { unsafe_evening: 'very_safe' }, invitation_code: used }),
  });
  assert.equal(first.status, 201);

  const { context, page, errors } = await phone(browser);
  await page.goto(`/enkat/${slug}`);
  await page.getByText('Du behöver koden från din inbjudan för att kunna svara.', { exact: false }).waitFor();
  await page.getByRole('button', { name: 'Börja svara' }).click();
  await page.locator('.error-summary').getByText('Skriv koden från din inbjudan.').waitFor();
  await page.getByLabel('Kod från inbjudan').fill('ABC');
  await page.getByRole('button', { name: 'Börja svara' }).click();
  await page.locator('.error-summary').getByText('Koden ska vara åtta bokstäver och siffror', { exact: false }).waitFor();
  await step(page, 'survey-30-code-invalid');

  // A code of the right form that the survey never issued: back to the code, the answers kept.
  await page.getByLabel('Kod från inbjudan').fill('zzzz zzzz');
  await go(page, 'Börja svara');
  await atQuestion(page, 1, 35);
  await skipToReview(page);
  await go(page, 'Skicka svaren');
  await page.locator('.error-summary').getByText('Koden finns inte för den här enkäten.', { exact: false }).waitFor();
  assert.equal(await page.getByLabel('Kod från inbjudan').inputValue(), 'zzzz zzzz');
  await step(page, 'survey-31-code-unknown');

  // A code already used: told apart, and the answers cannot be taken.
  await page.getByLabel('Kod från inbjudan').fill(used.toLowerCase());
  await go(page, 'Spara ändringen');
  await page.getByRole('heading', { level: 1, name: 'Kontrollera dina svar' }).waitFor();
  await page.getByRole('definition').filter({ hasText: 'Ganska trygg' }).waitFor();
  await go(page, 'Skicka svaren');
  await page.getByRole('heading', { level: 1, name: 'Svaren kunde inte tas emot' }).waitFor();
  await page.getByText('Koden har redan använts. Varje kod kan bara användas en gång.').waitFor();
  await step(page, 'survey-32-code-used');

  assert.equal((await coordinator(`/staff/surveys/${slug}`)).body.responses, 1, 'only the first answer counts');
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'the tab keeps no answers');
  assert.deepEqual(errors, []);
  await context.close();
});

/** Answers as the app keeps them in its outbox (src/offline/db.ts), as an earlier offline visit left them. */
function queuedAnswers(slug, answers) {
  const client_id = crypto.randomUUID();
  return {
    kind: 'survey',
    client_id,
    slug,
    title: { sv: 'Trygghetsenkät', en: 'Safety survey' },
    body: { client_id, version: 1, answers },
    queued_at: new Date().toISOString(),
    state: 'pending',
  };
}

test('answers the server refuses on replay are kept to fix, and answers to a survey closed meanwhile are dropped with why', async () => {
  const open = uniqueSlug('rattas');
  const closed = uniqueSlug('stangdes');
  await publishSurvey(open);
  await publishSurvey(closed);
  const { context, page, errors } = await phone(browser);
  await installApp(page);
  await context.setOffline(true);
  // A personal identity number in the comment, which only the server screens for.
  await putRecord(page, 'outbox', queuedAnswers(open, { unsafe_evening: 'fairly_unsafe', comment: 'Grannen 19811218-9876 bråkar på kvällarna.' }));
  await putRecord(page, 'outbox', queuedAnswers(closed, { unsafe_evening: 'very_safe' }));
  await page.reload();
  await page.getByRole('status').getByText('Dina svar på 2 enkäter väntar på att skickas.').waitFor();
  await coordinator(`/staff/surveys/${closed}/actions`, { method: 'POST', body: { action: 'close' } });

  await context.setOffline(false);
  const banners = page.getByRole('status');
  await banners.getByText('Dina svar på ”Trygghetsenkät” behöver ändras innan de kan skickas.').waitFor();
  await banners.getByText('Enkäten är stängd och tar inte emot fler svar.', { exact: false }).waitFor();
  await step(page, 'survey-50-replayed');

  await banners.getByRole('link', { name: 'Ändra svaren' }).click();
  await page.getByText(/^Dina svar från .* har inte tagits emot/).waitFor();
  await go(page, 'Ändra svaren och skicka igen');
  await page.getByRole('heading', { level: 1, name: /Vill du berätta något mer om tryggheten där du bor\?$/ }).waitFor();
  await page.locator('.error-summary').getByText('Skriv inte personnummer eller registreringsnummer.', { exact: false }).waitFor();
  await step(page, 'survey-51-fix');
  await page.getByRole('textbox').fill('Grannarna bråkar på kvällarna.');
  await page.locator('.error-summary').waitFor({ state: 'detached' });
  await go(page, 'Spara ändringen');
  await page.getByRole('definition').filter({ hasText: 'Ganska otrygg' }).waitFor();
  const received = page.waitForResponse((r) => r.url().endsWith(`/surveys/${open}/responses`) && r.status() === 201);
  await go(page, 'Skicka svaren');
  await received;
  await page.getByRole('heading', { level: 1, name: 'Tack för dina svar!' }).waitFor();

  assert.equal((await coordinator(`/staff/surveys/${open}`)).body.responses, 1);
  assert.equal((await coordinator(`/staff/surveys/${closed}`)).body.responses, 0);
  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: 'Tipsa om otrygga platser' }).waitFor();
  assert.equal(await page.getByRole('status').getByText(/enkät/).count(), 0, 'nothing is left waiting');
  assert.deepEqual(errors, []);
  await context.close();
});

test('at 200 % zoom on a 360 px phone the survey needs no sideways scrolling', async () => {
  const slug = uniqueSlug('zoom');
  await publishSurvey(slug);
  const { context, page, errors } = await phone(browser, { viewport: { width: 180, height: 390 }, deviceScaleFactor: 2 });
  const fitsWidth = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  await page.goto(`/enkat/${slug}`);
  await page.getByRole('heading', { level: 1, name: 'Trygghetsenkät' }).waitFor();
  assert.ok(await fitsWidth(), 'the intro scrolls sideways');
  await go(page, 'Börja svara');
  await page.getByRole('radio', { name: 'Ganska trygg' }).check();
  assert.ok(await fitsWidth(), 'a question scrolls sideways');
  await step(page, 'survey-40-zoom-question');
  for (let guard = 0; guard < 60 && (await questionCode(page)) !== 'map_unsafe'; guard++) await go(page);
  await page.locator('.leaflet-container').waitFor();
  await page.locator('select').selectOption({ label: 'Herrljunga' });
  await page.getByRole('button', { name: 'Lägg till orten' }).click();
  await page.getByRole('heading', { level: 3, name: 'Plats 1: Herrljunga' }).waitFor();
  assert.ok(await fitsWidth(), 'the map question scrolls sideways');
  await step(page, 'survey-41-zoom-map');
  for (let guard = 0; guard < 10 && (await page.locator('h1').textContent()) !== 'Kontrollera dina svar'; guard++) {
    const title = await page.locator('h1').textContent();
    await go(page, title === 'Frågor om dig – frivilliga' ? 'Hoppa över frågorna om dig' : 'Nästa');
  }
  assert.ok(await fitsWidth(), 'the review scrolls sideways');
  await step(page, 'survey-42-zoom-review');
  assert.deepEqual(errors, []);
  await context.close();
});
