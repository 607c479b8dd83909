// The surveys (`/personal/enkater`): each with its phase, period, answers and version, and for
// coordinators and admins the form that starts a new one, from the standard template or empty.
import { ApiError, type FieldErrors } from '../../api/client';
import type { Me } from '../../api/types';
import { h } from '../../dom';
import { navigate, type View } from '../../router';
import { radioGroup, textInput } from '../../ui/form';
import { failure, heading, loading } from '../../ui/page';
import { busyForm, formProblems } from '../fields';
import { st } from './i18n';
import { staffErrorMessage } from '../login';
import { canReadQueue, canTriage, requireUser, staffPage } from '../session';
import { createSurvey, listSurveys, type SurveyChoice, type SurveyDefinition, type SurveySummary } from './api';
import { local, phaseName, shortDate } from './labels';

export const surveyPath = (slug: string, page = ''): string =>
  `/personal/enkater/${encodeURIComponent(slug)}${page ? `/${page}` : ''}`;

/** "7 dec. 2026 – 31 mars 2027", or that it has no period yet. */
export function period(s: Pick<SurveySummary, 'opens_at' | 'closes_at'>): string {
  if (!s.closes_at) return st('surveys.no_period');
  return s.opens_at ? `${shortDate(s.opens_at)} – ${shortDate(s.closes_at)}` : shortDate(s.closes_at);
}

/** A survey's address (`slug`), with what it may hold. */
export const slugField = (value: string, errors: string[] | undefined, onInput: (v: string) => void): HTMLElement =>
  textInput({
    field: 'slug',
    label: st('surveys.slug'),
    hint: st('surveys.slug_hint'),
    value,
    errors,
    onInput: (v) => onInput(v.trim()),
  });

export const phaseBadge = (s: Pick<SurveySummary, 'phase'>): HTMLElement =>
  h('span', { class: `badge phase-${s.phase}` }, phaseName(s.phase));

function surveyItem(s: SurveySummary, manage: boolean): HTMLElement {
  const title = local(s.title) || s.slug;
  return h(
    'li',
    { class: 'card survey-card' },
    h(
      'h2',
      { class: 'survey-card-title' },
      h('a', { href: manage ? surveyPath(s.slug) : surveyPath(s.slug, 'resultat') }, title),
    ),
    h(
      'p',
      { class: 'survey-card-meta' },
      phaseBadge(s),
      h('span', {}, period(s)),
      h('span', {}, st('surveys.responses', { n: s.responses })),
      h('span', {}, st('surveys.version', { n: s.version })),
    ),
    h(
      'p',
      { class: 'survey-card-links' },
      h('span', { class: 'hint' }, `/enkat/${s.slug}`),
      h(
        'a',
        { href: surveyPath(s.slug, 'resultat'), 'aria-label': `${st('surveys.results')}, ${title}` },
        st('surveys.results'),
      ),
      s.phase === 'draft'
        ? null
        : h(
            'a',
            { href: surveyPath(s.slug, 'affisch'), 'aria-label': `${st('surveys.poster')}, ${title}` },
            st('surveys.poster'),
          ),
    ),
  );
}

/** A survey with one question to start from, for "empty". */
function emptyDefinition(title: string): SurveyDefinition {
  const choice = (n: number): SurveyChoice => ({
    code: `alternativ_${n}`,
    text: { sv: st('builder.new_choice', { n }), en: '' },
  });
  return {
    title: { sv: title, en: '' },
    intro: { sv: '', en: '' },
    questions: [
      {
        code: 'fraga_1',
        type: 'single_choice',
        text: { sv: st('builder.new_question'), en: '' },
        required: false,
        choices: [choice(1), choice(2)],
      },
    ],
  };
}

/** "Ny enkät": its address, and the standard template or an empty survey with a title. */
function newSurveyForm(): HTMLElement {
  const values = { slug: `trygghetsenkat-${new Date().getFullYear() + 1}`, start: 'template', title: '' };
  const box = h('section', { class: 'card new-survey', 'aria-labelledby': 'new-survey-title' });
  const draw = (errors: FieldErrors, message: string): void => {
    const button = h('button', { type: 'submit', class: 'btn btn-primary' }, st('surveys.create'));
    const onSubmit = async (): Promise<void> => {
      const own: FieldErrors = {};
      if (!values.slug) own['slug'] = [st('surveys.slug_missing')];
      if (values.start === 'empty' && !values.title.trim()) own['title'] = [st('surveys.title_missing')];
      if (Object.keys(own).length) return show(own, '');
      try {
        await createSurvey(values.slug, values.start === 'empty' ? emptyDefinition(values.title.trim()) : undefined);
        navigate(surveyPath(values.slug));
      } catch (e) {
        if (e instanceof ApiError && e.code === 'slug_taken') show({ slug: [st('surveys.slug_taken')] }, '');
        else if (e instanceof ApiError && e.fields['slug']) show({ slug: [st('surveys.slug_invalid')] }, '');
        else show({}, staffErrorMessage(e));
      }
    };
    box.replaceChildren(
      h('h2', { id: 'new-survey-title' }, st('surveys.new')),
      formProblems(message, errors) ?? '',
      busyForm(
        { button, busyText: st('builder.saving'), onSubmit },
        slugField(values.slug, errors['slug'], (v) => (values.slug = v)),
        radioGroup({
          field: 'start',
          legend: st('surveys.start'),
          value: values.start,
          choices: [
            { value: 'template', label: st('surveys.start_template'), hint: st('surveys.start_template_hint') },
            { value: 'empty', label: st('surveys.start_empty'), hint: st('surveys.start_empty_hint') },
          ],
          onChange: (v) => {
            values.start = v;
            draw(errors, message);
            box.querySelector<HTMLInputElement>(`input[name="start"][value="${v}"]`)?.focus();
          },
        }),
        values.start === 'empty'
          ? textInput({
              field: 'title',
              label: st('surveys.title_sv'),
              value: values.title,
              errors: errors['title'],
              onInput: (v) => (values.title = v),
            })
          : null,
        button,
      ),
    );
  };
  const show = (errors: FieldErrors, message: string): void => {
    draw(errors, message);
    box.querySelector<HTMLElement>('.error-summary')?.focus();
  };
  draw({}, '');
  return box;
}

function listPage(main: HTMLElement, me: Me, surveys: SurveySummary[]): void {
  const manage = canTriage(me.role);
  staffPage(
    main,
    me,
    '/personal/enkater',
    heading(st('surveys.title')),
    h('p', {}, st(manage ? 'surveys.intro' : 'surveys.intro_read')),
    surveys.length
      ? h(
          'ul',
          { class: 'survey-list' },
          surveys.map((s) => surveyItem(s, manage)),
        )
      : h('p', {}, st('surveys.empty')),
    manage ? newSurveyForm() : null,
  );
}

export const surveyListView: View = async ({ main }) => {
  const me = await requireUser(main, canReadQueue);
  if (!me) return;
  loading(main);
  try {
    listPage(main, me, await listSurveys());
  } catch (e) {
    failure(
      main,
      st('surveys.title'),
      staffErrorMessage(e),
      () => void surveyListView({ main, params: {}, state: null }),
    );
  }
};
