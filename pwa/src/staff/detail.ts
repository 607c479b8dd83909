// One report for the coordinator (`/personal/rapport/{id}`): every field and a small map of the
// position, its photos (coordinators hide them or blur areas), one form for status, priority,
// group, reply and note, the nearby and similar reports (one click marks a duplicate), the
// timeline with who and when, and the smaller forms (category,
// duplicate by number, public visibility). 409 (not allowed from this status) and 422 (field
// errors, e.g. personal data in a public reply) are shown at the form that caused them. The parts
// are in `detail/`.
import { ApiError } from '../api/client';
import { getCategories } from '../api/endpoints';
import type { Category, Me, ReportDetail } from '../api/types';
import { h } from '../dom';
import { rerender, type View } from '../router';
import { failure, heading, loading } from '../ui/page';
import { getReportDetail } from './api';
import { actionCard } from './detail/actionCard';
import { actionForms } from './detail/actions';
import { contactFacts, inrapportFacts, reportFacts, reportTitle } from './detail/facts';
import { mainForm } from './detail/mainForm';
import { detailMap } from './detail/map';
import { photoSection } from './detail/photos';
import { similarSection } from './detail/similar';
import { timeline } from './detail/timeline';
import { st } from './i18n';
import { screeningName } from './labels';
import { staffErrorMessage } from './login';
import { QUEUE_KEY } from './queue';
import { canReadQueue, canTriage, requireUser, staffPage } from './session';

/** The queue as it was left (its filters), or the plain queue. */
function backToQueue(): string {
  try {
    return sessionStorage.getItem(QUEUE_KEY) ?? '/personal/ko';
  } catch {
    return '/personal/ko';
  }
}

/** What the page drew last that must be taken down before it draws again (the map). */
let teardown: (() => void) | null = null;

/** Draws the report; after an action it draws itself again with the server's answer and a notice. */
function renderDetail(main: HTMLElement, me: Me, r: ReportDetail, categories: Category[], notice: string): void {
  teardown?.();
  const noticeEl = h('p', { class: 'banner banner-ok detail-notice', role: 'status', tabindex: '-1' }, notice);
  if (!notice) noticeEl.classList.add('is-empty');
  const done = (updated: ReportDetail, text: string): void => {
    renderDetail(main, me, updated, categories, text);
    main.querySelector<HTMLElement>('.detail-notice')?.focus();
  };
  const triage = canTriage(me.role);
  const map = detailMap(r);
  teardown = map.destroy;

  staffPage(
    main,
    me,
    '',
    h('p', {}, h('a', { href: backToQueue() }, st('detail.back'))),
    heading(reportTitle(r, categories)),
    noticeEl,
    r.screening_flags.length
      ? h(
          'p',
          { class: 'inline-warning' },
          st('detail.flagged', { flags: r.screening_flags.map(screeningName).join(', ') }),
        )
      : null,
    h(
      'div',
      { class: 'detail-top' },
      h(
        'div',
        {},
        reportFacts(r),
        h('h2', {}, st('detail.description')),
        h('p', { class: 'quote description' }, r.description),
      ),
      map.el,
    ),
    photoSection(r, { triage, done }),
    r.inrapport ? inrapportFacts(r.inrapport) : null,
    r.contact ? contactFacts(r.contact) : null,
    triage ? mainForm(r, done) : null,
    similarSection(r, categories, { triage, onLoad: map.nearby, done }),
    timeline(r, categories),
    triage
      ? h(
          'section',
          { class: 'actions-list', 'aria-labelledby': 'actions-title' },
          h('h2', { id: 'actions-title' }, st('detail.actions')),
          actionForms(r, categories).map((f) => actionCard(f, r, done)),
        )
      : null,
  );
}

export const detailView: View = async ({ main, params }) => {
  const me = await requireUser(main, canReadQueue);
  if (!me) return;
  loading(main);
  const id = params['id'] ?? '';
  try {
    const [r, categories] = await Promise.all([getReportDetail(id), getCategories()]);
    renderDetail(main, me, r, categories, '');
    return () => {
      teardown?.();
      teardown = null;
    };
  } catch (e) {
    if (e instanceof ApiError && e.code === 'not_found')
      failure(main, st('detail.not_found_title'), st('detail.not_found', { id }));
    else failure(main, id, staffErrorMessage(e), () => void rerender());
    return undefined;
  }
};
