import { h, icon } from '../dom';
import { t } from '../i18n';
import { ICONS } from '../ui/icons';

/**
 * Categories where something may be going on right now that 112 is for: with "now" the report
 * flow says prominently to call instead of (or before) reporting.
 */
const URGENT_CATEGORIES = new Set(['threat_violence', 'harassment', 'fire', 'drugs', 'theft_burglary']);

export const isUrgent = (d: { category: string; when: string }): boolean =>
  d.when === 'now' && URGENT_CATEGORIES.has(d.category);

/**
 * The 112 / 114 14 notice of the start page. index.html carries a static copy of it (in Swedish),
 * shown before any JavaScript runs and replaced when the app starts: keep the two alike.
 */
export function emergencyNotice(): HTMLElement {
  return h(
    'aside',
    { class: 'notice notice-emergency', 'aria-labelledby': 'emergency-title' },
    h('h2', { id: 'emergency-title' }, icon(ICONS.alert), t('notice.emergency_title')),
    h(
      'ul',
      { class: 'call-list' },
      h('li', {}, h('a', { href: 'tel:112', class: 'call' }, icon(ICONS.phone), t('notice.call_112'))),
      h('li', {}, h('a', { href: 'tel:11414', class: 'call' }, icon(ICONS.phone), t('notice.call_11414'))),
    ),
  );
}

/** The same in one sentence, for every step of the report flow, the receipt and the queued screen. */
export function emergencyLine(): HTMLElement {
  return h(
    'p',
    { class: 'emergency-line' },
    icon(ICONS.alert),
    h(
      'span',
      {},
      t('notice.line_lead'),
      ' ',
      h('a', { href: 'tel:112' }, t('notice.line_112')),
      ' ',
      t('notice.line_112_when'),
      ' ',
      h('a', { href: 'tel:11414' }, t('notice.line_11414')),
      ' ',
      t('notice.line_11414_when'),
    ),
  );
}

/** "Pågår det nu? Ring 112": for a violent or threatening category that is happening now. */
export function urgentNotice(): HTMLElement {
  return h(
    'div',
    { class: 'notice notice-emergency notice-urgent' },
    h('h2', {}, icon(ICONS.alert), t('notice.urgent_title')),
    h('p', {}, t('notice.urgent_text')),
    h('a', { href: 'tel:112', class: 'btn btn-urgent btn-block' }, icon(ICONS.phone), t('notice.urgent_call')),
  );
}
