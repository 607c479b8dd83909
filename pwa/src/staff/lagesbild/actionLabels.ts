// How an action's status, kind and lateness read: badges and names shared by the åtgärdsplan and
// the follow-up of earlier actions.
import { h } from '../../dom';
import type { ActionStatus } from './api';
import { known, st } from './i18n';

export const actionStatusName = (s: string): string => known('lb.action_status', s);

export const actionStatusBadge = (s: ActionStatus): HTMLElement =>
  h('span', { class: `badge action-${s}` }, actionStatusName(s));

export const overdueBadge = (): HTMLElement => h('span', { class: 'badge badge-overdue' }, st('lb.overdue'));

export const preventionName = (p: string): string => known('lb.prevention', p);
export const termName = (t: string): string => known('lb.term', t);
export const followUpKindName = (k: string): string => known('lb.follow_up_kind', k);
