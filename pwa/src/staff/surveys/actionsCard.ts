// The builder's card for the survey's period and round: where it stands (draft, open until …,
// closed), its address once residents can answer, and the buttons for what can be done next.
import { h } from '../../dom';
import { st } from './i18n';
import type { SurveyDetail } from './api';
import { close, duplicate, phaseText, publish } from './actions';
import { shortDate } from './labels';

/**
 * `mayAct` is asked before each action: it says no (and tells why) while the builder has changes
 * not saved, which publishing or duplicating would leave out.
 */
export function actionsCard(
  s: SurveyDetail,
  mayAct: () => boolean,
  done: (updated: SurveyDetail, notice: string) => void,
): HTMLElement {
  const act = async (run: () => Promise<SurveyDetail | null>, notice: (u: SurveyDetail) => string): Promise<void> => {
    if (!mayAct()) return;
    const updated = await run();
    if (updated) done(updated, notice(updated));
  };
  const publishKey =
    s.phase === 'draft' ? 'publish.publish' : s.phase === 'closed' ? 'publish.reopen' : 'publish.change';
  const live = s.phase === 'open' || s.phase === 'scheduled';
  return h(
    'section',
    { class: 'card survey-actions', 'aria-labelledby': 'period-title' },
    h('h2', { id: 'period-title' }, st('builder.period')),
    h(
      'p',
      {},
      phaseText(s),
      ' ',
      live ? st(s.access === 'invitation' ? 'access.invitation_now' : 'access.open_now') : '',
    ),
    live ? h('p', {}, st('builder.answer_url'), ' ', h('a', { href: s.answer_url }, s.answer_url)) : null,
    h(
      'div',
      { class: 'button-row' },
      h(
        'button',
        {
          type: 'button',
          class: `btn${s.phase === 'draft' ? ' btn-primary' : ''}`,
          onclick: () =>
            void act(
              () => publish(s),
              (u) => st('publish.done', { closes: u.closes_at ? shortDate(u.closes_at) : '' }),
            ),
        },
        st(publishKey),
      ),
      live
        ? h(
            'button',
            {
              type: 'button',
              class: 'btn',
              onclick: () =>
                void act(
                  () => close(s),
                  () => st('close.done'),
                ),
            },
            st('close.confirm'),
          )
        : null,
      h(
        'button',
        { type: 'button', class: 'btn', onclick: () => mayAct() && void duplicate(s) },
        st('duplicate.button'),
      ),
    ),
  );
}
