import { h, icon } from './dom';
import { getLang, onLangChange, setLang, t } from './i18n';
import { flush, subscribe, type QueueState } from './offline/queue';
import { onRender, rerender } from './router';
import { localText } from './survey/questions';
import { surveyRefusal } from './survey/refusal';
import { ICONS } from './ui/icons';

let queueState: QueueState = {
  pending: 0,
  rejected: 0,
  justSent: 0,
  inrapportJustSent: [],
  surveysPending: 0,
  surveysRejected: [],
  surveysJustSent: 0,
  surveysDropped: [],
};
let updateSW: (() => void) | null = null;

const header = h('header', { class: 'topbar' });
const offlineNotice = h('div', { class: 'banners' });
const queueStatus = h('div', { class: 'banners', role: 'status' });
const updatePrompt = h('div', { class: 'banners' });
const main = h('main', { id: 'main', tabindex: '-1' });
const footer = h('footer', { class: 'footer' });
const skipLink = h('a', { class: 'skip-link', href: '#main' });

function renderHeader(): void {
  const other = getLang() === 'sv' ? 'en' : 'sv';
  skipLink.textContent = t('shell.skip');
  header.replaceChildren(
    h('a', { class: 'brand', href: '/' }, icon(ICONS.pin, 'icon brand-icon'), h('span', {}, t('app.name'))),
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-small lang-switch',
        lang: other,
        onclick: () => {
          setLang(other);
          void rerender();
        },
      },
      icon(ICONS.globe),
      other === 'en' ? 'English' : 'Svenska',
    ),
  );
  footer.replaceChildren(
    h(
      'nav',
      { 'aria-label': t('shell.footer_nav') },
      h(
        'ul',
        {},
        h('li', {}, h('a', { href: '/mina-rapporter' }, t('nav.my_reports'))),
        h('li', {}, h('a', { href: '/tillganglighet' }, t('nav.accessibility'))),
        h('li', {}, h('a', { href: '/personal' }, t('nav.staff'))),
      ),
    ),
    h('p', {}, t('shell.footer_owner')),
  );
}

function renderOffline(): void {
  offlineNotice.replaceChildren(
    navigator.onLine
      ? ''
      : h('p', { class: 'banner banner-offline' }, icon(ICONS.cloudOff), h('span', {}, t('shell.offline'))),
  );
}

let queueShown = '';

/** The survey's own page (`/enkat/{slug}`) and the screen it shows, where it says things itself. */
function surveyPage(): { slug: string; screen: string | undefined } | null {
  const slug = /^\/enkat\/([^/]+)\/?$/.exec(location.pathname)?.[1];
  if (!slug) return null;
  return { slug: decodeURIComponent(slug), screen: (history.state as { screen?: string } | null)?.screen };
}

/** Survey answers waiting, refused (to fix), just sent, or dropped for good, with why. */
function surveyBanners(): HTMLElement[] {
  const { surveysPending, surveysRejected, surveysJustSent, surveysDropped } = queueState;
  const page = surveyPage();
  const banners: HTMLElement[] = [];
  if (surveysPending && page?.screen !== 'queued') {
    banners.push(
      h(
        'div',
        { class: 'banner banner-pending' },
        icon(ICONS.clock),
        h(
          'p',
          {},
          h('strong', {}, t('queue.surveys_pending', { n: surveysPending })),
          ' ',
          t('queue.surveys_pending_help'),
        ),
      ),
    );
  }
  for (const item of surveysRejected.filter((i) => i.slug !== page?.slug)) {
    banners.push(
      h(
        'div',
        { class: 'banner banner-error' },
        icon(ICONS.alert),
        h('p', {}, h('strong', {}, t('queue.surveys_rejected', { title: localText(item.title) }))),
        h('a', { href: `/enkat/${encodeURIComponent(item.slug)}` }, t('queue.surveys_fix')),
      ),
    );
  }
  for (const item of surveysDropped) {
    const why = item.error ? surveyRefusal(item.error.code) : '';
    banners.push(
      h(
        'div',
        { class: 'banner banner-error' },
        icon(ICONS.alert),
        h('p', {}, h('strong', {}, t('queue.surveys_dropped', { title: localText(item.title) })), ' ', why),
      ),
    );
  }
  if (surveysJustSent) {
    banners.push(h('div', { class: 'banner banner-ok' }, icon(ICONS.check), h('p', {}, t('queue.surveys_sent'))));
  }
  return banners;
}

/** The queue banner is a live region: it is rebuilt (and so announced) only when it changes. */
function renderQueue(force = false): void {
  const { pending, rejected, justSent } = queueState;
  const onMyReports = location.pathname === '/mina-rapporter';
  // The "saved on this device" screen says it already: the banner would be the third time.
  const onQueued = location.pathname === '/rapportera' && !!(history.state as { queued?: boolean } | null)?.queued;
  const surveys = surveyBanners();
  const shown = JSON.stringify([
    pending,
    rejected,
    justSent,
    onMyReports,
    onQueued,
    navigator.onLine,
    surveys.map((b) => b.textContent),
  ]);
  if (shown === queueShown && !force) return;
  queueShown = shown;
  const link = (): HTMLElement | null =>
    onMyReports ? null : h('a', { href: '/mina-rapporter' }, t('nav.my_reports'));
  queueStatus.replaceChildren(
    pending && !onQueued
      ? h(
          'div',
          { class: 'banner banner-pending' },
          icon(ICONS.clock),
          h('p', {}, h('strong', {}, t('queue.pending', { n: pending })), ' ', t('queue.pending_help', { n: pending })),
          navigator.onLine
            ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => void flush() }, t('queue.send_now'))
            : null,
        )
      : '',
    rejected
      ? h(
          'div',
          { class: 'banner banner-error' },
          icon(ICONS.alert),
          h(
            'p',
            {},
            h('strong', {}, t(rejected === 1 ? 'queue.rejected_one' : 'queue.rejected_many', { n: rejected })),
          ),
          link(),
        )
      : '',
    justSent
      ? h(
          'div',
          { class: 'banner banner-ok' },
          icon(ICONS.check),
          h('p', {}, t(justSent === 1 ? 'queue.sent_one' : 'queue.sent_many', { n: justSent })),
          link(),
        )
      : '',
    ...surveys,
  );
}

function renderUpdate(): void {
  updatePrompt.replaceChildren(
    updateSW
      ? h(
          'div',
          { class: 'banner banner-update' },
          icon(ICONS.info),
          h('p', {}, t('shell.update_available')),
          h(
            'button',
            { type: 'button', class: 'btn btn-small btn-primary', onclick: () => updateSW?.() },
            t('shell.update_now'),
          ),
        )
      : '',
  );
}

/** Offers the waiting service worker; `apply` activates it and reloads. */
export function showUpdatePrompt(apply: () => void): void {
  updateSW = apply;
  renderUpdate();
}

/** Builds the page frame and returns the element views render into. */
export function mountShell(root: HTMLElement): HTMLElement {
  root.replaceChildren(skipLink, header, offlineNotice, updatePrompt, queueStatus, main, footer);
  const renderAll = (): void => {
    renderHeader();
    renderOffline();
    renderQueue(true);
    renderUpdate();
  };
  renderAll();
  onLangChange(renderAll);
  onRender(() => {
    queueState = { ...queueState, justSent: 0, surveysJustSent: 0, surveysDropped: [] };
    renderQueue();
  });
  window.addEventListener('online', () => {
    renderOffline();
    renderQueue();
  });
  window.addEventListener('offline', () => {
    renderOffline();
    renderQueue();
  });
  subscribe((s) => {
    // What was just sent or dropped stays said until the next page, through later changes.
    queueState = {
      ...s,
      justSent: s.justSent || queueState.justSent,
      surveysJustSent: s.surveysJustSent || queueState.surveysJustSent,
      surveysDropped: s.surveysDropped.length ? s.surveysDropped : queueState.surveysDropped,
    };
    renderQueue();
  });
  return main;
}
