// "Nearby and similar reports": the server's candidates (within 200 m and 30 days, the same
// category first), each with a one-click "duplicate of this one". A different category, or a
// reporter who gets e-mail about it, asks first; so does nothing else.
import type { Category, ReportDetail } from '../../api/types';
import { h } from '../../dom';
import { formatDateTime, formatNumber } from '../../i18n';
import { act, similarReports, type SimilarReport } from '../api';
import { ask } from '../dialog';
import { st } from '../i18n';
import { categoryLabel, statusName } from '../labels';
import { staffErrorMessage } from '../login';
import { reportLink } from './facts';

const metres = (m: number): string => `${formatNumber(Math.round(m), 0)}\u00a0m`;

/** Asks before marking when the categories differ or the reporter is e-mailed; true to go on. */
async function confirmDuplicate(r: ReportDetail, other: SimilarReport, categories: Category[]): Promise<boolean> {
  const warnings: string[] = [];
  if (!other.same_category)
    warnings.push(
      st('similar.other_category', {
        this: categoryLabel(categories, r.category, r.subtype),
        id: other.id,
        other: categoryLabel(categories, other.category, other.subtype),
      }),
    );
  if (r.notifies_reporter) warnings.push(st('similar.mail'));
  if (!warnings.length) return true;
  return ask({
    title: st('similar.confirm_title', { id: other.id }),
    intro: warnings.map((w) => h('p', {}, w)),
    confirm: st('similar.confirm'),
    cancel: st('similar.cancel'),
    className: 'duplicate-dialog',
  });
}

function item(
  other: SimilarReport,
  categories: Category[],
  o: { canMark: boolean; mark: (other: SimilarReport, button: HTMLButtonElement) => void },
): HTMLElement {
  const button =
    o.canMark && other.status !== 'duplicate'
      ? h(
          'button',
          { type: 'button', class: 'btn btn-small' },
          st('similar.mark'),
          h('span', { class: 'visually-hidden' }, ` ${other.id}`),
        )
      : null;
  button?.addEventListener('click', () => o.mark(other, button));
  return h(
    'li',
    { class: 'similar-item', 'data-id': other.id },
    h(
      'p',
      { class: 'queue-head' },
      reportLink(other.id),
      h('span', { class: `badge status-${other.status}` }, statusName(other.status)),
      h(
        'span',
        { class: `badge ${other.same_category ? 'badge-same' : 'badge-other'}` },
        st(other.same_category ? 'similar.same_category' : 'similar.different_category'),
      ),
    ),
    h(
      'p',
      { class: 'similar-what' },
      [
        categoryLabel(categories, other.category, other.subtype),
        st('similar.distance', { d: metres(other.distance_m) }),
      ].join(' · '),
    ),
    h('p', { class: 'queue-meta' }, formatDateTime(other.received_at)),
    h('p', { class: 'queue-excerpt' }, other.excerpt),
    button,
  );
}

/**
 * The section; it fills itself in when the list arrives and hands the reports to `onLoad` (the
 * map). `done` gets the report after it was marked.
 */
export function similarSection(
  r: ReportDetail,
  categories: Category[],
  o: {
    triage: boolean;
    onLoad: (items: SimilarReport[]) => void;
    done: (updated: ReportDetail, notice: string) => void;
  },
): HTMLElement {
  const body = h('div', {}, h('p', { class: 'hint' }, st('similar.loading')));
  const problem = h('div', { role: 'alert' });
  const section = h(
    'section',
    { class: 'similar', 'aria-labelledby': 'similar-title' },
    h('h2', { id: 'similar-title' }, st('similar.title')),
    h('p', { class: 'hint' }, st('similar.hint')),
    problem,
    body,
  );
  const mark = async (other: SimilarReport, button: HTMLButtonElement): Promise<void> => {
    if (button.getAttribute('aria-disabled') === 'true') return;
    if (!(await confirmDuplicate(r, other, categories))) return;
    button.setAttribute('aria-disabled', 'true');
    try {
      const updated = await act(r.id, { action: 'duplicate', of: other.id });
      o.done(updated, st('done.duplicate', { id: updated.duplicate_of ?? other.id }));
    } catch (e) {
      problem.replaceChildren(h('p', { class: 'inline-warning' }, `${other.id}: ${staffErrorMessage(e)}`));
      button.removeAttribute('aria-disabled');
    }
  };
  void similarReports(r.id)
    .then((items) => {
      o.onLoad(items);
      body.replaceChildren(
        items.length
          ? h(
              'ul',
              { class: 'similar-list' },
              items.map((x) =>
                item(x, categories, {
                  canMark: o.triage && r.can_mark_duplicate,
                  mark: (other, b) => void mark(other, b),
                }),
              ),
            )
          : h('p', {}, st('similar.none')),
      );
    })
    .catch((e: unknown) => body.replaceChildren(h('p', { class: 'inline-warning' }, staffErrorMessage(e))));
  return section;
}
