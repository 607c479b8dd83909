// The lägesbild in the app (issue 14 items 5 and 8): the coordinator drafts one for the last 90
// days of the demo reports, reads its figures and map, writes the summary and the cause analysis,
// decides an action and follows it up, finalises it (asked first: the figures freeze), prints it
// to a PDF with Chromium and corrects it; an EST member reads it on a phone without any form;
// crime statistics are imported with their line errors first.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { COORDINATOR, launch, phone, staffApi, staffLogin, step } from './helpers.mjs';

const OUT = fileURLToPath(new URL('../../test-output/browser/', import.meta.url));
const DAY = 86_400_000;

/**
 * An EST member, added with the CLI beside the running server as scripts/test-browser.sh adds the
 * other accounts: its exported database settings reach this process, and so the command.
 */
const EST_MEMBER = {
  email: 'est@herrljunga.se',
  password: 'est-medlemmens långa lösenord',
};
function addEstMember() {
  const trygg = process.env.TRYGG_BIN ?? fileURLToPath(new URL('../../target/debug/trygg', import.meta.url));
  execFileSync(trygg, ['user', 'add', '--email', EST_MEMBER.email, '--name', 'Erik EST', '--role', 'est_member'], {
    input: `${EST_MEMBER.password}\n`,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
}

let browser;
let coordinator;
/** The lägesbild the coordinator finalises, for the EST member to read. */
let finalId;

before(async () => {
  browser = await launch();
  coordinator = await staffApi(COORDINATOR);
  addEstMember();
});
after(() => browser?.close());

/** A day in Swedish time as a date field takes it: `2026-12-07`. */
const day = (ms) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date(ms));

/** Brings `locator` to the top of the window, so the step's screenshot shows it. */
const showTop = (locator) => locator.evaluate((el) => el.scrollIntoView({ block: 'start' }));

/** Every picture inside `selector` has arrived (the server's SVG charts and map). */
const picturesLoaded = (page, selector) =>
  page.waitForFunction((s) => {
    const imgs = [...document.querySelectorAll(`${s} img`)];
    return imgs.length > 0 && imgs.every((img) => img.complete && img.naturalWidth > 0);
  }, selector);

async function draftForTheLast90Days(page) {
  await staffLogin(page, COORDINATOR, '/personal/lagesbild');
  await page.getByRole('heading', { level: 1, name: 'Lägesbilder' }).waitFor();
  await page.getByText(/^EST möts nästa gång /).waitFor();
  await page.getByRole('link', { name: 'Prenumerera i Outlook' }).waitFor();
  assert.match(await page.getByLabel('Kalenderns adress').inputValue(), /\/api\/v1\/calendar\/est\.ics$/);
  await step(page, 'lagesbild-01-list');

  const form = page.locator('section', {
    has: page.getByRole('heading', { name: 'Ny lägesbild' }),
  });
  await form.getByLabel('Från och med (valfritt)').fill(day(Date.now() - 90 * DAY));
  await form.getByRole('button', { name: 'Gör utkast' }).click();
  await page.getByRole('heading', { level: 1, name: /^Lägesbild EST, / }).waitFor();
  return Number(new URL(page.url()).pathname.split('/').pop());
}

async function checkFigures(page, id) {
  const detail = (await coordinator(`/staff/lagesbilder/${id}`)).body;
  const hotspots = detail.content.figures.hotspots;
  assert.ok(hotspots.length > 0, 'the demo year has hotspots in the last 90 days');
  await page.locator('.lb-meta').getByText('Utkast', { exact: true }).waitFor();
  const total = detail.content.figures.total;
  await page
    .getByText(`${total.residents + total.staff} (${total.residents} från invånare, ${total.staff} från personal)`)
    .waitFor();
  // The server's charts arrive, each with its table; few reports read "få", never a percentage.
  await picturesLoaded(page, '#siffror');
  assert.equal(await page.locator('#siffror img').count(), 3);
  await page.getByRole('table', { name: 'Per kategori' }).waitFor();
  assert.ok((await page.locator('#siffror td', { hasText: /^få \(\d+ → \d+\)$/ }).count()) > 0);
  // The map draws the places and the numbered hotspots without tiles, beside the list.
  await page.locator('.lb-map .hotspot-rank').first().waitFor();
  assert.equal(await page.locator('.lb-map .hotspot-rank').count(), hotspots.length);
  assert.ok((await page.locator('.lb-map path.lb-place').count()) > 0);
  await page.getByRole('heading', { level: 3, name: /^Hotspot 1: / }).waitFor();
  await step(page, 'lagesbild-02-draft');
  // A hotspot picked on the map gets the focus in the list.
  await page.locator('.lb-map .hotspot-rank').first().click();
  await page.waitForFunction(() => document.activeElement?.id === 'hotspot-1');
  await showTop(page.locator('#hotspots'));
  await step(page, 'lagesbild-03-map-and-hotspots');
  return detail;
}

async function writeText(page, id) {
  const text = page.locator('#text');
  await text
    .getByRole('textbox', { name: 'Sammanfattning' })
    .fill('Fler rapporter om nedskräpning och otrygga platser kvällstid i centrum.');
  const triangle = page.getByRole('group', {
    name: 'Orsaksanalys – problemtriangeln: plats, gärningsperson, offer/mål',
  });
  await triangle.getByLabel('Plats').fill('Mörk gångtunnel vid stationen där ingen ser vad som händer.');
  await text.getByRole('checkbox', { name: 'Sammanfattningen' }).check();
  await text.getByText('Du har ändringar som inte är sparade.').waitFor();
  await text.getByRole('button', { name: 'Spara' }).click();
  await text.getByText('Texten är sparad.').waitFor();
  const saved = (await coordinator(`/staff/lagesbilder/${id}`)).body;
  assert.equal(saved.sections.cause_place, 'Mörk gångtunnel vid stationen där ingen ser vad som händer.');
  assert.equal(saved.publicity.summary, true);
  assert.equal(saved.publicity.figures, false);
  await showTop(triangle);
  await step(page, 'lagesbild-04-text-saved');
}

async function decideAction(page) {
  const form = page.locator('section', {
    has: page.getByRole('heading', { name: 'Lägg till åtgärd' }),
  });
  await form.getByRole('button', { name: 'Lägg till åtgärd' }).click();
  await form.getByRole('link', { name: 'Beskriv problemet.' }).waitFor();
  await form.getByRole('link', { name: 'Skriv e-postadressen till den som ansvarar.' }).waitFor();
  await form.getByLabel('Problem').fill('Mörk gångtunnel vid stationen; många rapporter kvällstid.');
  await form.getByLabel('Åtgärd', { exact: true }).fill('Byt armaturerna i tunneln och röj buskarna vid uppgången.');
  await form.getByRole('radio', { name: /^Situationell/ }).check();
  await form.getByLabel('Ansvarig organisation').fill('Samhällsbyggnad');
  await form.getByLabel('Ansvarig person', { exact: true }).fill('Greta Gata');
  await form.getByLabel('Ansvarig persons e-post').fill('greta.gata@herrljunga.se');
  await form.getByLabel('Klart senast').fill(day(Date.now() + 30 * DAY));
  await form.getByLabel('Hör till hotspot (valfritt)').selectOption('1');
  await step(page, 'lagesbild-05-action-form');
  await form.getByRole('button', { name: 'Lägg till åtgärd' }).click();

  const card = page.locator('.lb-action', {
    hasText: 'Mörk gångtunnel vid stationen; många rapporter kvällstid.',
  });
  await card.locator('.badge', { hasText: 'Planerad' }).waitFor();
  await card.getByRole('link', { name: 'Hotspot 1' }).waitFor();
  await card.getByText('Samhällsbyggnad: Greta Gata <greta.gata@herrljunga.se>').waitFor();
  await card.getByLabel('Status').selectOption('ongoing');
  await card.getByRole('button', { name: 'Ändra status' }).click();
  await page.locator('.lb-action .badge', { hasText: 'Pågår' }).waitFor();
  await page.locator('.lb-action summary', { hasText: 'Följ upp' }).click();
  await page.locator('.lb-action').getByLabel('Vad har hänt?').fill('Beställning lagd hos elbolaget.');
  await page.locator('.lb-action').getByRole('button', { name: 'Spara uppföljningen' }).click();
  await page.locator('.lb-action').getByText('Beställning lagd hos elbolaget.').waitFor();
  await showTop(page.locator('#atgarder'));
  await step(page, 'lagesbild-06-action-followed-up');
}

async function finalise(page) {
  await page.getByRole('button', { name: 'Fastställ lägesbilden' }).click();
  const ask = page.getByRole('dialog', { name: 'Fastställa lägesbilden?' });
  await ask.getByText('Siffrorna fryses som de är nu.', { exact: false }).waitFor();
  await step(page, 'lagesbild-07-finalise-asks');
  await ask.getByRole('button', { name: 'Fastställ', exact: true }).click();
  await page.getByText('Lägesbilden är fastställd.').waitFor();
  await page
    .locator('.lb-meta')
    .getByText(/^Fastställd \d+ \w+\.? \d{4}$/)
    .waitFor();
  // Read-only now: the text as text, no form to add actions; the plan is still followed up.
  assert.equal(await page.locator('#text textarea').count(), 0);
  await page.locator('#text').getByText('Mörk gångtunnel vid stationen där ingen ser vad som händer.').waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Lägg till åtgärd' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Fastställ lägesbilden' }).count(), 0);
  await page.getByRole('button', { name: 'Gör en rättelse' }).waitFor();
  await step(page, 'lagesbild-08-final');
}

async function printToPdf(page) {
  await page.getByRole('link', { name: 'Utskrift och PDF' }).click();
  await page.getByRole('heading', { level: 1, name: /^Utskrift: Lägesbild EST, / }).waitFor();
  // The three charts and the map, loaded before anything is printed.
  await picturesLoaded(page, '.lb-print');
  assert.equal(await page.locator('.lb-print img').count(), 4);
  await page.getByRole('img', { name: /^Karta över kommunen/ }).waitFor();
  // The summary is public; every other part says it is working material.
  const parts = page.locator('.lb-print-part');
  assert.equal(await parts.first().locator('.lb-classification').count(), 0);
  assert.equal(await page.locator('.lb-classification').count(), (await parts.count()) - 1);
  await parts.nth(1).getByText('Arbetsmaterial', { exact: true }).waitFor();
  await step(page, 'lagesbild-09-print-view');
  await page.setViewportSize({ width: 360, height: 780 });
  await step(page, 'lagesbild-10-print-view-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByRole('button', { name: 'Skriv ut / Spara som PDF' }).isVisible(), false);
  await page.screenshot({ path: `${OUT}lagesbild-11-print-media.png` });
  const pdf = await page.pdf({
    preferCSSPageSize: true,
    printBackground: true,
  });
  await page.emulateMedia({ media: 'screen' });
  writeFileSync(`${OUT}lagesbild.pdf`, pdf);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? [];
  assert.ok(pages.length >= 6, `each part on a page of its own, ${pages.length} pages`);
}

async function correct(page, id) {
  await page.getByRole('link', { name: 'Tillbaka till lägesbilden' }).click();
  await page.getByRole('button', { name: 'Gör en rättelse' }).click();
  const ask = page.getByRole('dialog', { name: 'Göra en rättelse?' });
  await ask.getByRole('button', { name: 'Gör ett nytt utkast' }).click();
  await ask.getByRole('link', { name: 'Skriv vad som rättas.' }).waitFor();
  await ask.getByLabel('Vad rättas?').fill('Hotspot 2 låg i Annelund, inte i Ljung.');
  await ask.getByRole('button', { name: 'Gör ett nytt utkast' }).click();
  await page.getByText('Det här rättas: Hotspot 2 låg i Annelund, inte i Ljung.').waitFor();
  await page.getByRole('link', { name: `Rättar lägesbild ${id}` }).waitFor();
  await page.locator('.lb-meta').getByText('Version 2').waitFor();
  assert.equal(
    await page.locator('#text').getByRole('textbox', { name: 'Sammanfattning' }).inputValue(),
    'Fler rapporter om nedskräpning och otrygga platser kvällstid i centrum.',
  );
  await step(page, 'lagesbild-12-correction-draft');
}

test('the coordinator drafts, writes, decides an action, finalises, prints to PDF and corrects a lägesbild', async () => {
  const { context, page, errors } = await phone(browser, {
    viewport: { width: 1280, height: 800 },
  });
  const id = await draftForTheLast90Days(page);
  await checkFigures(page, id);
  await writeText(page, id);
  await decideAction(page);
  await finalise(page);
  await printToPdf(page);
  await correct(page, id);
  finalId = id;
  assert.deepEqual(errors, []);
  await context.close();
});

test('an EST member reads the final lägesbild on a phone, without any form or button to change it', async () => {
  assert.ok(finalId, 'the coordinator’s test made one');
  const { context, page, errors } = await phone(browser);
  await staffLogin(page, EST_MEMBER, '/personal/lagesbild');
  await page.getByRole('heading', { level: 1, name: 'Lägesbilder' }).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Ny lägesbild' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Importera brottsstatistik' }).count(), 0);
  await step(page, 'lagesbild-13-est-list-phone');

  await page.locator('.lb-item', { hasText: 'Version 1' }).getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: /^Lägesbild EST, / }).waitFor();
  await page
    .locator('.lb-meta')
    .getByText(/^Fastställd /)
    .waitFor();
  await page.getByText('Den här lägesbilden har rättats i en ny version.').waitFor();
  await page.locator('.lb-map .hotspot-rank').first().waitFor();
  await step(page, 'lagesbild-14-est-detail-phone');
  assert.equal(await page.locator('textarea, select').count(), 0);
  for (const name of ['Fastställ lägesbilden', 'Gör en rättelse', 'Ändra status', 'Spara'])
    assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, name);
  await page
    .locator('#text')
    .getByText('Fler rapporter om nedskräpning och otrygga platser kvällstid i centrum.')
    .waitFor();
  await page.locator('.lb-action').getByText('Beställning lagd hos elbolaget.').waitFor();
  await showTop(page.locator('#atgarder'));
  await step(page, 'lagesbild-15-est-actions-phone');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the coordinator makes the annual summary: what was decided, done and achieved, for kommunstyrelsen', async () => {
  assert.ok(finalId, 'the coordinator’s test made one');
  const action = (await coordinator(`/staff/lagesbilder/${finalId}`)).body.actions[0];
  const effect = await coordinator(`/staff/action-items/${action.id}/follow-ups`, {
    method: 'POST',
    body: { kind: 'effect', note: 'Inga fler rapporter om mörker vid stationen sedan lamporna byttes.' },
  });
  assert.equal(effect.status, 201);

  const { context, page, errors } = await phone(browser);
  await staffLogin(page, COORDINATOR, '/personal/lagesbild');
  const form = page.locator('section', { has: page.getByRole('heading', { name: 'Ny lägesbild' }) });
  await form.getByLabel('Grupp', { exact: true }).selectOption('steering');
  await form.getByRole('radio', { name: /^Årssammanfattning/ }).check();
  await form.getByLabel('Från och med (valfritt)').fill(day(Date.now() - 90 * DAY));
  await form.getByRole('button', { name: 'Gör utkast' }).click();
  await page.getByRole('heading', { level: 1, name: /^Lägesbild Styrgrupp, / }).waitFor();

  const outcome = page.locator('#resultat');
  await outcome.getByRole('heading', { level: 2, name: /^Beslut, genomförande och resultat/ }).waitFor();
  const decided = outcome.getByRole('table', { name: 'Åtgärderna efter sort, sikt och läge i dag' });
  const row = (name) => decided.getByRole('row', { name: new RegExp(`^${name} `) });
  assert.equal(await row('Beslutade under perioden').getByRole('cell').textContent(), '1');
  assert.equal(await row('Situationell').getByRole('cell').textContent(), '1');
  await outcome
    .getByRole('table', { name: 'Fastställda lägesbilder per grupp' })
    .getByRole('row', { name: /^EST / })
    .waitFor();
  await outcome.getByText('Inga fler rapporter om mörker vid stationen sedan lamporna byttes.').waitFor();
  await page
    .getByRole('navigation', { name: 'På sidan' })
    .getByRole('link', { name: 'Beslut, genomförande och resultat' })
    .waitFor();
  await showTop(outcome);
  await step(page, 'lagesbild-16b-annual-summary-phone');
  assert.deepEqual(errors, []);
  await context.close();
});

test('crime statistics are imported from pasted text, and a bad line is named and nothing imported', async () => {
  const { context, page, errors } = await phone(browser);
  await staffLogin(page, COORDINATOR, '/personal/lagesbild/brottsstatistik');
  await page.getByRole('heading', { level: 1, name: 'Importera brottsstatistik' }).waitFor();
  const header = 'period_start;period_end;area;offence_group;count;source';
  const good = `${day(Date.now() - 40 * DAY)};${day(Date.now() - 10 * DAY)};;Skadegörelse;9;Polisen (test)`;
  await page
    .getByLabel('Eller klistra in texten')
    .fill(`${header}\n${good}\n2026-01-01;2026-01-31;;Inbrott;många;Polisen (test)\n`);
  await page.getByRole('button', { name: 'Importera' }).click();
  await page.getByText('Filen importerades inte. Rätta raderna och försök igen:').waitFor();
  await page.getByText(/^Rad 3, kolumn count: /).waitFor();
  await step(page, 'lagesbild-16-crime-line-error');

  await page.getByLabel('Eller klistra in texten').fill(`${header}\n${good}\n`);
  await page.getByRole('button', { name: 'Importera' }).click();
  await page.getByText('Importen är klar. Nya rader: 1. Ändrade: 0. Oförändrade: 0.').waitFor();
  await page.getByRole('cell', { name: 'Polisen (test)' }).waitFor();
  await step(page, 'lagesbild-17-crime-imported');
  assert.deepEqual(errors, []);
  await context.close();
});
