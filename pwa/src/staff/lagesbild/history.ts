// The lägesbild's history: who did what and when, from its audit log (generated, text edited and
// which sections, finalised, corrected, actions added, changed and followed up).
import { h } from '../../dom';
import type { LagesbildEvent } from './api';
import { hasMessage, st } from './i18n';
import { actionStatusName } from './actionLabels';
import { dateTime } from './labels';

const SECTION_KEYS: Record<string, Parameters<typeof st>[0]> = {
  summary: 'lb.section.summary',
  local_knowledge: 'lb.section.local_knowledge',
  cause_place: 'lb.section.cause_place',
  cause_offender: 'lb.section.cause_offender',
  cause_victim: 'lb.section.cause_victim',
  priorities: 'lb.section.priorities',
  caveats: 'lb.section.caveats',
};

/** The event's data, which the schema can only call an object, read for what each kind writes. */
type EventData = { sections?: unknown; note?: unknown; corrects?: unknown; by?: unknown; status?: unknown };

const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

function what(e: LagesbildEvent): string {
  const data = e.data as EventData;
  const key = `lb.event.${e.kind}`;
  const base = hasMessage(key) ? st(key) : e.kind;
  switch (e.kind) {
    case 'edited': {
      const sections = Array.isArray(data.sections) ? data.sections.filter((s) => typeof s === 'string') : [];
      const names = sections.map((s: string) => (SECTION_KEYS[s] ? st(SECTION_KEYS[s]) : s));
      return names.length ? `${base}. ${st('lb.event.edited_sections', { list: names.join(', ') })}` : base;
    }
    case 'correction':
      return `${st('lb.event.correction', { n: text(data.corrects) })}: ${text(data.note)}`;
    case 'action_changed':
      return typeof data.status === 'string' ? `${base}: ${actionStatusName(data.status)}` : base;
    default:
      return base;
  }
}

export function historyList(events: LagesbildEvent[]): HTMLElement {
  return h(
    'ol',
    { class: 'lb-history' },
    [...events]
      .reverse()
      .map((e) =>
        h(
          'li',
          {},
          h('span', { class: 'lb-when' }, `${st('lb.by', { who: e.actor ?? '', when: dateTime(e.at) })}:`),
          ' ',
          what(e),
        ),
      ),
  );
}
