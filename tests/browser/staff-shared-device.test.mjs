// A shared tablet: inrapporter queued offline belong to the staff member who wrote them. They are
// sent only while that user is logged in, logging out asks whether to keep or delete them, and the
// next user on the device never sends, sees or deletes them (security review F12).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE, COORDINATOR, launch, phone, STAFF, staffApi, staffLogin, step } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

const isInrapportPost = (r) => r.url().endsWith('/api/v1/inrapporter') && r.method() === 'POST';

/** Fills one event and sends it while offline, so it waits in the outbox. */
async function queueOffline(page, context, marker) {
  await page.getByRole('heading', { level: 1, name: 'Ny inrapport' }).waitFor();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  const event = page.getByRole('group', { name: 'Händelse 1' });
  await event.getByLabel('Ort').selectOption({ label: 'Herrljunga' });
  await event.getByLabel('Plats', { exact: true }).fill('Busstationen');
  await event.getByLabel('Typ av händelse').selectOption('vandalism');
  await event.getByLabel('Vad hände?').fill(`${marker}: sprayfärg på väntkuren.`);
  await event.getByRole('radio', { name: '1 – lite' }).check();
  await event.getByRole('radio', { name: 'Ja, jag såg det' }).check();
  await page.getByRole('button', { name: 'Skicka inrapporten' }).click();
  await page.getByText('Inrapporten är sparad på enheten.').waitFor();
  await page.getByText('1 inrapport väntar på att skickas.').waitFor();
}

const sessionCookie = async (context) => (await context.cookies()).find((c) => c.name === 'trygg_session')?.value;

test('an inrapport kept at logout is never sent as the next user, and is sent once when its author is back', async () => {
  const marker = `Delad${Date.now()}`;
  const { context, page, errors } = await phone(browser);
  const posts = [];
  page.on('request', (r) => {
    if (isInrapportPost(r)) posts.push(r);
  });

  // A (staff) writes an inrapport without network and logs out, keeping it on the tablet.
  await staffLogin(page, STAFF);
  const cookieA = await sessionCookie(context);
  await queueOffline(page, context, marker);
  await page.getByRole('button', { name: 'Logga ut' }).click();
  const dialog = page.getByRole('dialog', { name: 'Du har inrapporter som inte är skickade' });
  await dialog.getByText('1 inrapport som du har skrivit väntar på den här enheten.').waitFor();
  await step(page, 'shared-01-logout-dialog');
  await dialog.getByRole('button', { name: 'Behåll till nästa inloggning' }).click();
  await page.getByRole('heading', { level: 1, name: 'Logga in för personal' }).waitFor();
  await dialog.waitFor({ state: 'detached' });

  // Back online, B (the coordinator) logs in on the same tablet: A's inrapport stays where it is.
  await context.setOffline(false);
  await staffLogin(page, COORDINATOR);
  // The logout made offline reached the server before B's login: A's old cookie is dead.
  const me = await fetch(`${BASE}/api/v1/auth/me`, { headers: { Cookie: `trygg_session=${cookieA}` } });
  assert.equal(me.status, 401, "A's session ended with the offline logout");
  await page.getByRole('link', { name: 'Mina inrapporter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mina inrapporter' }).waitFor();
  await page.getByText('1 inrapport från en annan användare väntar på den här enheten.').waitFor();
  assert.equal(await page.getByRole('heading', { level: 2, name: 'Väntar på att skickas' }).count(), 0);
  assert.equal(await page.getByText(marker).count(), 0, "B sees nothing of A's inrapport");
  await step(page, 'shared-02-other-user');
  // A flush while B is logged in, and a while for any stray send.
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.waitForTimeout(1500);
  assert.equal(posts.length, 0, 'nothing was sent with B logged in');
  const asCoordinator = await staffApi(COORDINATOR);
  assert.equal((await asCoordinator(`/reports?source=staff&q=${marker}`)).body.items.length, 0);

  // B has nothing waiting, so logging out asks nothing.
  await page.getByRole('button', { name: 'Logga ut' }).click();
  await page.getByRole('heading', { level: 1, name: 'Logga in för personal' }).waitFor();
  assert.equal(await page.getByRole('dialog').count(), 0);

  // A logs in again: the inrapport goes now, once, as A.
  const sent = page.waitForResponse((r) => isInrapportPost(r.request()) && r.status() === 201);
  await staffLogin(page, STAFF);
  const receipt = await (await sent).json();
  assert.equal(receipt.reports.length, 1);
  const id = receipt.reports[0];
  await page.getByRole('link', { name: 'Mina inrapporter' }).click();
  await page.locator('.report-list .reg-no', { hasText: id }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Väntar på att skickas' }).waitFor({ state: 'hidden' });
  await step(page, 'shared-03-author-back');
  assert.equal(posts.length, 1, 'one POST, after A logged in again');

  const asA = await staffApi(STAFF);
  assert.ok((await asA('/inrapporter/mine?limit=50')).body.items.some((r) => r.id === id), "in A's inrapporter");
  const minesB = (await asCoordinator('/inrapporter/mine?limit=50')).body.items;
  assert.ok(!minesB.some((r) => r.id === id), "not in B's");
  assert.equal((await asCoordinator(`/reports?source=staff&q=${marker}`)).body.items.length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('logging out asks again after Escape, and "delete them now" removes the waiting inrapporter', async () => {
  const marker = `Raderad${Date.now()}`;
  const { context, page, errors } = await phone(browser);
  const posts = [];
  page.on('request', (r) => {
    if (isInrapportPost(r)) posts.push(r);
  });
  await staffLogin(page, STAFF);
  await queueOffline(page, context, marker);

  // Escape closes the dialog and keeps the user logged in, with the focus back on the button.
  const logoutButton = page.getByRole('button', { name: 'Logga ut' });
  await logoutButton.click();
  const dialog = page.getByRole('dialog', { name: 'Du har inrapporter som inte är skickade' });
  await dialog.waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await logoutButton.evaluate((el) => el === document.activeElement), true);
  await page.getByText('1 inrapport väntar på att skickas.').waitFor();

  await logoutButton.click();
  await dialog.getByRole('button', { name: 'Ta bort dem nu' }).click();
  await page.getByRole('heading', { level: 1, name: 'Logga in för personal' }).waitFor();

  await context.setOffline(false);
  await staffLogin(page, STAFF);
  await page.getByRole('link', { name: 'Mina inrapporter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mina inrapporter' }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Skickade' }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 2, name: 'Väntar på att skickas' }).count(), 0);
  assert.equal(await page.getByText('från en annan användare').count(), 0);
  await page.waitForTimeout(1000);
  assert.equal(posts.length, 0, 'the deleted inrapport was never sent');
  const asCoordinator = await staffApi(COORDINATOR);
  assert.equal((await asCoordinator(`/reports?source=staff&q=${marker}`)).body.items.length, 0);
  assert.deepEqual(errors, []);
  await context.close();
});
