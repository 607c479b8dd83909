import { h } from '../../dom';
import { t } from '../../i18n';
import { beforeBackground, skipBackground } from '../../survey/order';
import { heading } from '../../ui/page';
import type { SurveyFlow } from './context';

/** "Frågor om dig – frivilliga": what the background questions are for, and a way past them. */
export function backgroundScreen(main: HTMLElement, flow: SurveyFlow, code: string): void {
  const { definition } = flow.survey;
  const answers = flow.session.answers;
  main.replaceChildren(
    heading(t('survey.background_title')),
    h('p', { class: 'lead' }, t('survey.background_text')),
    h('p', {}, t('survey.background_apart')),
    h(
      'button',
      { type: 'button', class: 'btn btn-block', onclick: () => flow.go(skipBackground(definition, answers, code)) },
      t('survey.background_skip'),
    ),
    h(
      'div',
      { class: 'actions sticky survey-actions' },
      h(
        'button',
        { type: 'button', class: 'btn', onclick: () => flow.go(beforeBackground(definition, answers, code)) },
        t('survey.back'),
      ),
      h(
        'button',
        { type: 'button', class: 'btn btn-primary', onclick: () => flow.go({ screen: 'question', code }) },
        t('survey.background_answer'),
      ),
    ),
  );
}
