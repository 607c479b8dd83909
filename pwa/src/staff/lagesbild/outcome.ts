// An annual summary's own part, for kommunstyrelsen's report to fullmäktige: how many lägesbilder
// the groups finalised, what they decided and what became of it, and what the effect follow-ups
// say it achieved. What was reported is the figures above it, as in every lägesbild.
import { h, type Child } from '../../dom';
import { groupName } from '../labels';
import { actionStatusBadge } from './actionLabels';
import type { Outcome } from './api';
import { st } from './i18n';
import { dataTable } from './table';

const count = (n: number): Child[] => [String(n)];

export function outcomeParts(o: Outcome, headingLevel: 'h3' | 'h4' = 'h3'): Child[] {
  const a = o.actions;
  const row = (label: string, n: number) => ({ label, cells: count(n) });
  const perGroup = (caption: string, counts: Outcome['lagesbilder']): Child =>
    counts.length
      ? dataTable(
          caption,
          [st('lb.outcome.group'), st('lb.outcome.count')],
          counts.map((c) => row(groupName(c.group), c.count)),
        )
      : null;
  return [
    h('p', {}, st('lb.outcome.intro')),
    h(headingLevel, {}, st('lb.outcome.decided')),
    a.decided
      ? dataTable(
          st('lb.outcome.decided_table'),
          [st('lb.outcome.what'), st('lb.outcome.count')],
          [
            row(st('lb.outcome.decided_total'), a.decided),
            row(st('lb.prevention.situational'), a.situational),
            row(st('lb.prevention.social'), a.social),
            row(st('lb.term.short'), a.short_term),
            row(st('lb.term.long'), a.long_term),
            row(st('lb.action_status.done'), a.done),
            row(st('lb.action_status.ongoing'), a.ongoing),
            row(st('lb.action_status.planned'), a.planned),
            row(st('lb.action_status.cancelled'), a.cancelled),
            row(st('lb.overdue'), a.overdue),
          ],
        )
      : h('p', {}, st('lb.outcome.none_decided')),
    perGroup(st('lb.outcome.actions_by_group'), o.actions_by_group),
    perGroup(st('lb.outcome.lagesbilder'), o.lagesbilder),
    h(headingLevel, {}, st('lb.outcome.achieved')),
    o.achieved.length
      ? h(
          'ul',
          { class: 'lb-follow-up' },
          o.achieved.map((x) =>
            h(
              'li',
              { class: 'card' },
              h(headingLevel === 'h3' ? 'h4' : 'h5', {}, x.problem),
              h('p', { class: 'lb-meta' }, actionStatusBadge(x.status), ' ', groupName(x.group)),
              h('p', {}, x.measure),
              ...x.effects.map((e) => h('p', { class: 'quote' }, e)),
            ),
          ),
        )
      : h('p', {}, st('lb.outcome.none_achieved')),
  ];
}
