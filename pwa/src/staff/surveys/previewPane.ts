// The builder's preview pane: its heading, the language to preview in, and the resident's screen
// (./preview.ts) drawn again after every change. It sits beside the questions on a wide screen
// and right after the open question's form on a phone, so it stays in view of what is edited.
import { h } from '../../dom';
import type { Lang } from '../../i18n';
import type { SurveyDefinition } from './api';
import { st } from './i18n';
import { previewContent, type PreviewState } from './preview';

/** Wide enough for the preview beside the questions. */
const WIDE = '(min-width: 60rem)';

export interface PreviewPane {
  /** Draws the preview of the draft again, as its state says. */
  draw(): void;
  /** Puts the pane in `side`, or on a phone after the open question's form (none: in `side`). */
  place(openForm: Element | null): void;
  readonly side: HTMLElement;
  destroy(): void;
}

/** "Visa på: Svenska | English": the preview in either language, whatever the page's. */
function languageChoice(state: PreviewState, draw: () => void): HTMLElement {
  const option = (lang: Lang, label: string): HTMLElement =>
    h(
      'div',
      { class: 'choice' },
      h('input', {
        type: 'radio',
        name: 'preview-lang',
        id: `preview-lang-${lang}`,
        value: lang,
        checked: state.lang === lang,
        onchange: () => {
          state.lang = lang;
          draw();
        },
      }),
      h('label', { for: `preview-lang-${lang}`, lang }, label),
    );
  return h(
    'fieldset',
    { class: 'field choices segmented preview-lang' },
    h('legend', {}, st('builder.preview_lang')),
    h('div', { class: 'choice-list' }, option('sv', 'Svenska'), option('en', 'English')),
  );
}

export function previewPane(
  draft: () => SurveyDefinition,
  state: PreviewState,
  areas: Map<string, string>,
): PreviewPane {
  const body = h('div', { class: 'preview-body' });
  const side = h('aside', { class: 'builder-side' });
  const wide = window.matchMedia(WIDE);
  let openForm: Element | null = null;
  const draw = (): void => {
    body.replaceChildren(
      previewContent(draft(), state, areas, () => {
        draw();
        body.querySelector<HTMLElement>('.step-count')?.focus();
      }),
    );
  };
  const pane = h(
    'section',
    { class: 'card preview-pane', 'aria-labelledby': 'preview-title' },
    h('h2', { id: 'preview-title' }, st('builder.preview')),
    h('p', { class: 'hint' }, st('builder.preview_hint')),
    languageChoice(state, draw),
    h('div', { class: 'preview-frame' }, body),
  );
  const put = (): void => {
    if (wide.matches || !openForm) side.append(pane);
    else openForm.after(pane);
  };
  wide.addEventListener('change', put);
  return {
    draw,
    place(form) {
      openForm = form;
      put();
    },
    side,
    destroy: () => wide.removeEventListener('change', put),
  };
}
