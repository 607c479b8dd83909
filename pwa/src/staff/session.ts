import { ApiError } from '../api/client';
import type { Me, Role } from '../api/types';
import { h, type Child } from '../dom';
import { ME_CACHE_KEY as ME_KEY, openDb } from '../offline/db';
import { flush } from '../offline/queue';
import { navigate } from '../router';
import { errorMessage } from '../ui/errors';
import { heading } from '../ui/page';
import { fetchMe, logout } from './api';
import { st } from './i18n';
import { beforeLogout } from './logout';
import './staff.css';

export const canTriage = (r: Role): boolean => r === 'coordinator' || r === 'admin';
export const canReadQueue = (r: Role): boolean => canTriage(r) || r === 'est_member';
export const canFile = (r: Role): boolean => r === 'staff' || canTriage(r);

/** Where a user lands after login: the queue for those who read it, otherwise the inrapport form. */
export const homeFor = (me: Me): string => (canReadQueue(me.role) ? '/personal/ko' : '/personal/inrapport');

/**
 * Set by a logout made without network: the server still honours the cookie until it hears of it,
 * so the next look at the session finishes the logout first instead of logging that user back in.
 */
const LOGOUT_PENDING = 'trygg.logout_pending';

function setLogoutPending(pending: boolean): void {
  try {
    if (pending) localStorage.setItem(LOGOUT_PENDING, '1');
    else localStorage.removeItem(LOGOUT_PENDING);
  } catch {
    // Without storage the offline logout lasts for this page only.
  }
}

function logoutPending(): boolean {
  try {
    return localStorage.getItem(LOGOUT_PENDING) !== null;
  } catch {
    return false;
  }
}

/** Tells the server about a logout; without an answer it is left pending for the next try. */
async function endSession(): Promise<void> {
  try {
    await logout();
    setLogoutPending(false);
  } catch (e) {
    // 401: the session had ended already.
    setLogoutPending(e instanceof ApiError && e.status === 0);
  }
}

async function remember(me: Me | null): Promise<void> {
  try {
    const db = await openDb();
    if (me) await db.put('cache', { data: me, stored_at: new Date().toISOString() }, ME_KEY);
    else await db.delete('cache', ME_KEY);
  } catch {
    // Without IndexedDB the staff views simply need the network.
  }
}

/**
 * The logged-in user, or null. Offline, the last known user is trusted for the views that work
 * offline (the inrapport form): the server checks the session again when the queue is sent.
 */
export async function currentUser(): Promise<Me | null> {
  if (logoutPending()) {
    await endSession();
    await remember(null);
    return null;
  }
  try {
    const me = await fetchMe();
    await remember(me);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.code === 'unauthorized') {
      await remember(null);
      return null;
    }
    if (e instanceof ApiError && e.status === 0) {
      const cached = await (await openDb()).get('cache', ME_KEY).catch(() => undefined);
      if (cached) return cached.data as Me;
    }
    throw e;
  }
}

export async function loggedIn(me: Me): Promise<void> {
  // The login's cookie replaced any session a pending logout was about.
  setLogoutPending(false);
  await remember(me);
  // This user's inrapporter queued while the session had expired (or kept at their last logout
  // on this device) can go now; other users' keep waiting for them.
  void flush();
}

const here = (): string => location.pathname + location.search;

/**
 * Checks the session for a staff view: sends the visitor to login or to the password change when
 * needed, and shows "no access" for a role the view is not for. Returns the user when the view may
 * render.
 */
export async function requireUser(main: HTMLElement, allowed: (r: Role) => boolean): Promise<Me | null> {
  let me: Me | null;
  try {
    me = await currentUser();
  } catch (e) {
    main.replaceChildren(
      heading(st('staff.title')),
      h('p', { role: 'alert' }, e instanceof ApiError ? errorMessage(e) : String(e)),
    );
    return null;
  }
  if (!me) {
    navigate(`/personal/logga-in?next=${encodeURIComponent(here())}`, { replace: true });
    return null;
  }
  if (me.must_change_password) {
    navigate(`/personal/losenord?next=${encodeURIComponent(here())}`, { replace: true });
    return null;
  }
  if (!allowed(me.role)) {
    staffPage(main, me, '', heading(st('staff.no_access_title')), h('p', {}, st('staff.no_access')));
    return null;
  }
  return me;
}

/** Logs out, after asking what to do with the user's inrapporter still waiting on this device. */
async function logOut(me: Me, button: HTMLElement): Promise<void> {
  if ((await beforeLogout(me.id)) === 'cancel') {
    button.focus();
    return;
  }
  await endSession();
  await remember(null);
  navigate('/personal/logga-in');
}

/** The staff navigation (by role) above a staff view's content. */
export function staffNav(me: Me, active: string): HTMLElement {
  const link = (href: string, text: string): HTMLElement =>
    h('li', {}, h('a', { href, 'aria-current': active === href ? 'page' : null }, text));
  return h(
    'nav',
    { class: 'staff-nav', 'aria-label': st('staff.nav') },
    h(
      'ul',
      {},
      canReadQueue(me.role) ? link('/personal/ko', st('nav.queue')) : null,
      canFile(me.role) ? link('/personal/inrapport', st('nav.inrapport')) : null,
      canFile(me.role) ? link('/personal/mina', st('nav.mine')) : null,
      canReadQueue(me.role) ? link('/personal/enkater', st('nav.surveys')) : null,
      canReadQueue(me.role) ? link('/personal/lagesbild', st('nav.lagesbild')) : null,
    ),
    h(
      'div',
      { class: 'staff-user' },
      h('span', {}, st('staff.logged_in_as', { name: me.name })),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-small',
          onclick: (e) => void logOut(me, e.currentTarget as HTMLElement),
        },
        st('staff.logout'),
      ),
    ),
  );
}

export function staffPage(main: HTMLElement, me: Me, active: string, ...content: Child[]): void {
  main.replaceChildren(
    staffNav(me, active),
    ...content.filter((c): c is Node | string => c !== null && c !== undefined && c !== false),
  );
}
