// The survey builder (`/personal/enkater/{slug}`): the texts and questions on one side, a live
// preview of the open question on the other (after it on a phone), "Spara" with the server's
// refusals shown at the question and field they name, the period (publish, close), the next
// round (duplicate), invitation codes and the survey's history. The parts are in this folder.
import { ApiError, type FieldErrors } from '../../api/client';
import { getAreas } from '../../api/endpoints';
import type { Me } from '../../api/types';
import { h, type Child } from '../../dom';
import { getLang } from '../../i18n';
import { rerender, type View } from '../../router';
import { failure, heading, loading } from '../../ui/page';
import { staffErrorMessage } from '../login';
import { canTriage, requireUser, staffPage } from '../session';
import { getSurvey, saveSurvey, type SurveyDefinition, type SurveyDetail } from './api';
import { actionsCard } from './actionsCard';
import { copyOf } from './draft';
import { editorColumn, type Editor } from './editor';
import { builderErrors, builderSummary } from './errors';
import { historySection } from './history';
import { st } from './i18n';
import { invitationsCard } from './invitations';
import { local } from './labels';
import { phaseBadge, surveyPath } from './list';
import type { PreviewState } from './preview';
import { previewPane, type PreviewPane } from './previewPane';

/** The builder's state, kept while the page is drawn again after a save or an action. */
interface Builder {
  survey: SurveyDetail;
  /** The questions being edited: a copy of the survey's until saved. */
  draft: SurveyDefinition;
  /** The question whose form is open, or -1. */
  open: number;
  /** The server's refusal of the last save, by field. */
  errors: FieldErrors;
  dirty: boolean;
  preview: PreviewState;
}

/** Focuses the element with `id`; a disabled button hands the focus to the first enabled one beside it. */
function focusById(id: string): void {
  const el = document.getElementById(id);
  const target =
    el instanceof HTMLButtonElement && el.disabled
      ? el.parentElement?.querySelector<HTMLElement>('button:not([disabled])')
      : el;
  target?.focus();
}

/** The page's fixed parts the editing reaches into: the live region, the error summary, the save line. */
interface Frame {
  live: HTMLElement;
  summary: HTMLElement;
  saveStatus: HTMLElement;
}

/** The editing column and what each kind of change does to it, the preview and the save line. */
function editing(b: Builder, areas: Map<string, string>, frame: Frame, preview: PreviewPane) {
  const el = h('div', { class: 'builder-main' });
  const markDirty = (): void => {
    b.dirty = true;
    frame.saveStatus.textContent = st('builder.unsaved');
  };
  const draw = (): void => {
    el.replaceChildren(...editorColumn(edit));
    preview.place(el.querySelector(`#question-${b.open}-form`));
    preview.draw();
  };
  const edit: Editor = {
    get draft() {
      return b.draft;
    },
    get errors() {
      return b.errors;
    },
    get open() {
      return b.open;
    },
    areas,
    changed: () => {
      markDirty();
      preview.draw();
    },
    redraw: (focus) => {
      markDirty();
      draw();
      focusById(focus);
    },
    openQuestion: (i, focus) => {
      b.open = i;
      if (i >= 0) b.preview.index = i;
      draw();
      if (focus) focusById(focus);
    },
    reordered: () => {
      markDirty();
      b.errors = {};
      frame.summary.replaceChildren();
    },
    say: (text) => (frame.live.textContent = text),
  };
  return { el, edit, draw };
}

/** Back link, title, where the survey stands, and the notice of what was just done. */
function pageTop(b: Builder, notice: string): Child[] {
  const s = b.survey;
  return [
    h('p', {}, h('a', { href: '/personal/enkater' }, st('surveys.back'))),
    heading(local(b.draft.title) || s.slug),
    h(
      'p',
      { class: 'survey-card-meta' },
      phaseBadge(s),
      h('span', {}, st('surveys.responses', { n: s.responses })),
      h('span', {}, st('surveys.version', { n: s.version })),
      h('a', { href: surveyPath(s.slug, 'resultat') }, st('surveys.results')),
      s.phase === 'draft' ? null : h('a', { href: surveyPath(s.slug, 'affisch') }, st('surveys.poster')),
    ),
    h(
      'p',
      { class: `banner banner-ok builder-notice${notice ? '' : ' is-empty'}`, role: 'status', tabindex: '-1' },
      notice,
    ),
    s.status === 'draft'
      ? null
      : h('p', { class: 'notice notice-info' }, st('builder.published_edit', { n: s.version + 1 })),
  ];
}

/**
 * Draws the builder for `b`; `show` draws it again with a notice (after a save or an action).
 * Returns what removes its listeners.
 */
function renderBuilder(
  main: HTMLElement,
  me: Me,
  b: Builder,
  areas: Map<string, string>,
  notice: string,
  show: (notice: string) => void,
): () => void {
  const frame: Frame = {
    live: h('p', { class: 'visually-hidden', role: 'status' }),
    summary: h('div', {}),
    saveStatus: h('p', { class: 'save-status' }, st(b.dirty ? 'builder.unsaved' : 'builder.all_saved')),
  };
  const preview = previewPane(() => b.draft, b.preview, areas);
  const editor = editing(b, areas, frame, preview);
  const save = async (): Promise<void> => {
    try {
      const saved = await saveSurvey(b.survey.slug, b.draft);
      const newVersion = saved.version !== b.survey.version;
      Object.assign(b, { survey: saved, draft: copyOf(saved.definition), errors: {}, dirty: false });
      show(st(newVersion ? 'builder.saved_version' : 'builder.saved', { n: saved.version }));
    } catch (e) {
      b.errors = e instanceof ApiError && Object.keys(e.fields).length ? builderErrors(e) : {};
      const box =
        builderSummary(b.errors, (i) => editor.edit.openQuestion(i ?? b.open)) ??
        h('p', { class: 'error-summary', role: 'alert', tabindex: '-1' }, staffErrorMessage(e));
      frame.summary.replaceChildren(box);
      editor.draw();
      box.focus();
    }
  };
  const saveButton = h(
    'button',
    { type: 'button', class: 'btn btn-primary', onclick: () => void save() },
    st('builder.save'),
  );
  /** Publishing or duplicating takes the saved questions: unsaved changes are saved first. */
  const mayAct = (): boolean => {
    if (!b.dirty) return true;
    frame.saveStatus.textContent = st('builder.save_first');
    frame.live.textContent = st('builder.save_first');
    saveButton.focus();
    return false;
  };
  staffPage(
    main,
    me,
    '/personal/enkater',
    ...pageTop(b, notice),
    frame.summary,
    h('div', { class: 'builder-layout' }, editor.el, preview.side),
    h('div', { class: 'builder-bar' }, frame.saveStatus, saveButton),
    actionsCard(b.survey, mayAct, (updated, text) => {
      b.survey = updated;
      show(text);
    }),
    b.survey.access === 'invitation' ? invitationsCard(b.survey.slug) : null,
    historySection(b.survey.history),
    frame.live,
  );
  editor.draw();
  const onBeforeUnload = (e: BeforeUnloadEvent): void => {
    if (b.dirty) e.preventDefault();
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  return () => {
    preview.destroy();
    window.removeEventListener('beforeunload', onBeforeUnload);
  };
}

export const surveyBuilderView: View = async ({ main, params }) => {
  const me = await requireUser(main, canTriage);
  if (!me) return;
  loading(main);
  const slug = params['slug'] ?? '';
  try {
    const [survey, areaCollection] = await Promise.all([getSurvey(slug), getAreas()]);
    const areas = new Map(
      areaCollection.features
        .filter((f) => f.properties.kind === 'locality')
        .map((f) => [f.properties.slug, f.properties.name]),
    );
    const b: Builder = {
      survey,
      draft: copyOf(survey.definition),
      open: -1,
      errors: {},
      dirty: false,
      preview: { index: 0, lang: getLang(), answers: {} },
    };
    let cleanup = (): void => undefined;
    const show = (notice: string): void => {
      cleanup();
      cleanup = renderBuilder(main, me, b, areas, notice, show);
      if (notice) main.querySelector<HTMLElement>('.builder-notice')?.focus();
    };
    show('');
    return () => cleanup();
  } catch (e) {
    if (e instanceof ApiError && e.code === 'not_found')
      failure(main, st('surveys.not_found_title'), st('surveys.not_found', { slug }));
    else failure(main, st('surveys.title'), staffErrorMessage(e), () => void rerender());
    return undefined;
  }
};
