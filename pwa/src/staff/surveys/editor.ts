// The builder's editing column: the survey's title and intro, then its questions in order, each
// with buttons to open its form, move it up or down and remove it, and last a way to add one.
// Only one question's form is open at a time, so the list stays short enough to move around in.
import { h } from '../../dom';
import { fieldId } from '../../ui/form';
import { ask } from '../dialog';
import { selectField } from '../fields';
import { st } from './i18n';
import { questionTypeValues, type SurveyQuestion, type QuestionType } from './api';
import { move, newQuestion, questionOf, removeQuestion } from './draft';
import { itemButton, langPair, moveButtons } from './fields';
import { local, typeName } from './labels';
import { questionForm, type Edit } from './questionForm';

/** The editor's view of the builder: an `Edit`, which question is open, and how to open another. */
export interface Editor extends Edit {
  readonly open: number;
  /** Opens question `i` (or none: -1), drawing the editor again; `focus` as in `redraw`. */
  openQuestion(i: number, focus?: string): void;
  /** The questions were reordered or removed: the last save's errors no longer match them. */
  reordered(): void;
  /** Says what just happened, in the builder's live region. */
  say(text: string): void;
}

function textsSection(edit: Editor): HTMLElement {
  const d = edit.draft;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'texts-title' },
    h('h2', { id: 'texts-title' }, st('builder.texts')),
    langPair({
      field: 'title',
      label: st('builder.survey_title'),
      text: d.title,
      errors: edit.errors,
      onInput: (text) => {
        d.title = text;
        edit.changed();
      },
    }),
    langPair({
      field: 'intro',
      label: st('builder.intro'),
      hint: st('builder.intro_hint'),
      text: d.intro ?? { sv: '', en: '' },
      errors: edit.errors,
      multiline: true,
      onInput: (text) => {
        d.intro = text;
        edit.changed();
      },
    }),
  );
}

/** What the row of a question says about it without opening it. */
function questionFacts(q: SurveyQuestion): HTMLElement {
  return h(
    'p',
    { class: 'question-facts' },
    h('span', {}, typeName(q.type)),
    h('span', { class: 'code' }, q.code),
    q.required ? h('span', { class: 'badge' }, st('builder.required_badge')) : null,
    q.background ? h('span', { class: 'badge' }, st('builder.background_badge')) : null,
    q.show_if ? h('span', { class: 'badge' }, st('builder.condition_badge')) : null,
  );
}

async function confirmRemove(edit: Editor, i: number): Promise<void> {
  const q = edit.draft.questions[i]!;
  const yes = await ask({
    title: st('builder.remove_title', { n: i + 1 }),
    intro: [h('p', {}, local(q.text) || q.code), h('p', {}, st('builder.remove_intro'))],
    confirm: st('builder.remove'),
    cancel: st('builder.keep'),
  });
  if (!yes) return;
  const conditions = removeQuestion(edit.draft, i);
  edit.reordered();
  const next = Math.min(i, edit.draft.questions.length - 1);
  edit.openQuestion(-1, next >= 0 ? `question-${next}` : fieldId('add-question-type'));
  edit.say(st(conditions ? 'builder.removed_with_conditions' : 'builder.removed', { n: i + 1, conditions }));
}

function questionItem(edit: Editor, i: number): HTMLElement {
  const q = edit.draft.questions[i]!;
  const isOpen = edit.open === i;
  const hasErrors = Object.keys(edit.errors).some((f) => questionOf(f) === i);
  const title = local(q.text) || q.code;
  const item = st('where.question', { n: i + 1 });
  return h(
    'li',
    { class: `question-item${isOpen ? ' is-open' : ''}${hasErrors ? ' has-errors' : ''}` },
    h(
      'h3',
      { id: `question-${i}`, tabindex: '-1' },
      h('span', { class: 'question-number' }, st('builder.question_n', { n: i + 1 })),
      ' ',
      title,
    ),
    questionFacts(q),
    hasErrors && !isOpen ? h('p', { class: 'inline-warning' }, st('builder.question_has_errors')) : null,
    h(
      'div',
      { class: 'button-row question-buttons' },
      itemButton({
        label: st(isOpen ? 'builder.close_question' : 'builder.edit_question'),
        item,
        id: `question-${i}-edit`,
        attrs: { 'aria-expanded': String(isOpen), 'aria-controls': `question-${i}-form` },
        onClick: () =>
          edit.openQuestion(isOpen ? -1 : i, isOpen ? `question-${i}-edit` : fieldId(`questions[${i}].text.sv`)),
      }),
      moveButtons({
        id: `question-${i}`,
        item,
        index: i,
        count: edit.draft.questions.length,
        removeLabel: st('builder.remove_question'),
        move: (to, which) => {
          move(edit.draft.questions, i, to);
          edit.reordered();
          edit.openQuestion(edit.open === i ? to : edit.open === to ? i : edit.open, `question-${to}-${which}`);
          edit.say(st('builder.moved', { n: to + 1 }));
        },
        remove: () => void confirmRemove(edit, i),
      }),
    ),
    isOpen ? h('div', { id: `question-${i}-form` }, questionForm(i, edit)) : null,
  );
}

/** "Lägg till fråga" with the type it starts as. */
function addQuestion(edit: Editor): HTMLElement {
  let type: QuestionType = 'single_choice';
  return h(
    'div',
    { class: 'add-question' },
    selectField({
      field: 'add-question-type',
      label: st('builder.new_question_type'),
      value: type,
      options: questionTypeValues.map((t): [string, string] => [t, typeName(t)]),
      onChange: (v) => (type = questionTypeValues.find((t) => t === v) ?? type),
    }),
    h(
      'button',
      {
        type: 'button',
        class: 'btn',
        id: fieldId('questions'),
        onclick: () => {
          edit.draft.questions.push(newQuestion(edit.draft, type));
          const i = edit.draft.questions.length - 1;
          edit.openQuestion(i, fieldId(`questions[${i}].text.sv`));
          edit.say(st('builder.added', { n: i + 1 }));
        },
      },
      st('builder.add_question'),
    ),
  );
}

export function editorColumn(edit: Editor): HTMLElement[] {
  return [
    textsSection(edit),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'questions-title' },
      h('h2', { id: 'questions-title' }, st('builder.questions', { n: edit.draft.questions.length })),
      h(
        'ol',
        { class: 'question-list' },
        edit.draft.questions.map((_, i) => questionItem(edit, i)),
      ),
      addQuestion(edit),
    ),
  ];
}
