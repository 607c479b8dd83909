// What was done to a survey, newest first: "Publicerad av Sara Samordnare 7 dec. 2026".
import { h } from '../../dom';
import { formatDateTime } from '../../i18n';
import { st } from './i18n';
import type { SurveyEvent } from './api';
import { shortDate } from './labels';

const str = (data: Record<string, unknown>, key: string): string | null => {
  const v = data[key];
  return typeof v === 'string' ? v : null;
};
const num = (data: Record<string, unknown>, key: string): number | null => {
  const v = data[key];
  return typeof v === 'number' ? v : null;
};

/** What happened, in words, with the event's own details where it has them. */
function eventText(e: SurveyEvent): string {
  const data = (e.data ?? {}) as Record<string, unknown>;
  switch (e.kind) {
    case 'created':
      return st('history.created');
    case 'edited':
      return st('history.edited', { n: num(data, 'version') ?? '?' });
    case 'published': {
      const closes = str(data, 'closes_at');
      return st(str(data, 'access') === 'invitation' ? 'history.published_invitation' : 'history.published', {
        closes: closes ? shortDate(closes) : '',
      });
    }
    case 'closed':
      return st('history.closed');
    case 'invited':
      return st('history.invited', { n: num(data, 'count') ?? 0 });
    default:
      // A kind newer than this copy of the app.
      return e.kind;
  }
}

export function historySection(events: SurveyEvent[]): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'history-title' },
    h('h2', { id: 'history-title' }, st('history.title')),
    h(
      'ol',
      { class: 'survey-history' },
      [...events]
        .reverse()
        .map((e) =>
          h(
            'li',
            {},
            h('span', {}, eventText(e)),
            ' ',
            h(
              'span',
              { class: 'meta' },
              e.actor ? st('history.by', { actor: e.actor }) : '',
              ' ',
              h('time', { datetime: e.at, title: formatDateTime(e.at) }, shortDate(e.at)),
            ),
          ),
        ),
    ),
  );
}
