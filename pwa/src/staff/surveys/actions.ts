// What a coordinator does to a survey besides editing it: publish it for a period (or change the
// period, or open it again), close it now, and duplicate it as the draft of the next round. Each
// asks first in a dialog; a refusal is shown in the dialog again, at the field it is about.
import { ApiError, type FieldErrors } from '../../api/client';
import { h } from '../../dom';
import { navigate } from '../../router';
import { radioGroup, textInput } from '../../ui/form';
import { ask } from '../dialog';
import { st, type SurveyKey } from './i18n';
import { staffErrorMessage } from '../login';
import { actOnSurvey, type Access, type SurveyAction, type SurveyDetail } from './api';
import { local, shortDate } from './labels';
import { slugField, surveyPath } from './list';
import { addDays, dayOf, endOf, startOf, today } from './period';

/** The period's refusals in the app's words, by the server's code. */
const PERIOD_CODES: Record<string, SurveyKey> = {
  invalid: 'publish.e_order',
  too_old: 'publish.e_past',
  out_of_range: 'publish.e_too_long',
};

function refusal(e: unknown): { errors: FieldErrors; message: string } {
  if (e instanceof ApiError && e.code === 'slug_taken')
    return { errors: { slug: [st('surveys.slug_taken')] }, message: '' };
  if (!(e instanceof ApiError) || !Object.keys(e.fields).length) return { errors: {}, message: staffErrorMessage(e) };
  const errors: FieldErrors = {};
  for (const [field, messages] of Object.entries(e.fields))
    errors[field] = messages.map((m, k) => {
      const own = PERIOD_CODES[e.fieldCodes[field]?.[k] ?? ''];
      if (field === 'slug') return st('surveys.slug_invalid');
      return field === 'closes_at' && own ? st(own) : m;
    });
  return { errors, message: '' };
}

/**
 * Asks with `fields` until the server takes `action()` or the coordinator says no; the server's
 * refusal is shown in the dialog asked again. Returns the survey as the server has it after.
 */
async function askAndAct(o: {
  title: string;
  intro: string;
  confirm: string;
  fields?: (errors: FieldErrors) => HTMLElement[];
  check?: () => FieldErrors;
  action: () => SurveyAction;
  slug: string;
}): Promise<SurveyDetail | null> {
  let server: { errors: FieldErrors; message: string } = { errors: {}, message: '' };
  for (;;) {
    const shown = server;
    const yes = await ask({
      title: o.title,
      intro: [
        h('p', {}, o.intro),
        shown.message ? h('p', { class: 'inline-warning', role: 'alert' }, shown.message) : '',
      ],
      ...(o.fields && { fields: (errors: FieldErrors) => o.fields!({ ...shown.errors, ...errors }) }),
      ...(o.check && { check: o.check }),
      confirm: o.confirm,
      cancel: st('builder.cancel'),
      className: 'survey-dialog',
    });
    if (!yes) return null;
    try {
      return await actOnSurvey(o.slug, o.action());
    } catch (e) {
      server = refusal(e);
    }
  }
}

/** Publishes `s` for whole days in Swedish time, or changes its period; opening today means now. */
export function publish(s: SurveyDetail): Promise<SurveyDetail | null> {
  const values = {
    opens: s.opens_at && s.phase === 'scheduled' ? dayOf(s.opens_at) : today(),
    closes: s.closes_at && s.phase !== 'closed' ? dayOf(s.closes_at) : addDays(today(), 28),
    access: s.access as string,
  };
  const key = s.phase === 'draft' ? 'publish' : s.phase === 'closed' ? 'reopen' : 'change';
  return askAndAct({
    slug: s.slug,
    title: st(`publish.${key}_title`),
    intro: st('publish.intro'),
    confirm: st(`publish.${key}`),
    fields: (errors) => [
      textInput({
        field: 'opens_at',
        label: st('publish.opens'),
        hint: st('publish.opens_hint'),
        type: 'date',
        value: values.opens,
        errors: errors['opens_at'],
        onInput: (v) => (values.opens = v),
      }),
      textInput({
        field: 'closes_at',
        label: st('publish.closes'),
        hint: st('publish.closes_hint'),
        type: 'date',
        value: values.closes,
        errors: errors['closes_at'],
        onInput: (v) => (values.closes = v),
      }),
      radioGroup({
        field: 'access',
        legend: st('publish.access'),
        value: values.access,
        errors: errors['access'],
        choices: [
          { value: 'open', label: st('access.open'), hint: st('access.open_hint') },
          { value: 'invitation', label: st('access.invitation'), hint: st('access.invitation_hint') },
        ],
        onChange: (v) => (values.access = v),
      }),
    ],
    check: () => {
      const errors: FieldErrors = {};
      if (!/^\d{4}-\d{2}-\d{2}$/.test(values.opens)) errors['opens_at'] = [st('publish.e_opens_missing')];
      if (!/^\d{4}-\d{2}-\d{2}$/.test(values.closes)) errors['closes_at'] = [st('publish.e_closes_missing')];
      else if (values.closes < values.opens) errors['closes_at'] = [st('publish.e_order')];
      return errors;
    },
    action: () => ({
      action: 'publish',
      // Today means from now: the start of today has passed, and the server takes now for no date.
      ...(values.opens > today() && { opens_at: startOf(values.opens) }),
      closes_at: endOf(values.closes),
      access: values.access as Access,
    }),
  });
}

export function close(s: SurveyDetail): Promise<SurveyDetail | null> {
  return askAndAct({
    slug: s.slug,
    title: st('close.title'),
    intro: st('close.intro', { n: s.responses }),
    confirm: st('close.confirm'),
    action: () => ({ action: 'close' }),
  });
}

/** The next round's address: the year in the slug moved on, or `-2` after it. */
function nextSlug(slug: string): string {
  const m = /^(.*-)(\d{4})$/.exec(slug);
  return m ? `${m[1]}${Number(m[2]) + 1}` : `${slug}-2`;
}

/** Duplicates `s` as a new draft and opens it in the builder. */
export async function duplicate(s: SurveyDetail): Promise<void> {
  const values = { slug: nextSlug(s.slug) };
  const copy = await askAndAct({
    slug: s.slug,
    title: st('duplicate.title'),
    intro: st('duplicate.intro', { title: local(s.title) }),
    confirm: st('duplicate.confirm'),
    fields: (errors) => [slugField(values.slug, errors['slug'], (v) => (values.slug = v))],
    check: () => (values.slug ? {} : { slug: [st('surveys.slug_missing')] }),
    action: () => ({ action: 'duplicate', slug: values.slug }),
  });
  if (copy) navigate(surveyPath(copy.slug));
}

/** "Öppen till 31 mars 2027", "Öppnar 1 feb. 2027", "Stängd 31 mars 2027", "Utkast". */
export function phaseText(s: SurveyDetail): string {
  switch (s.phase) {
    case 'draft':
      return st('builder.phase_draft');
    case 'scheduled':
      return st('builder.phase_scheduled', { opens: shortDate(s.opens_at!), closes: shortDate(s.closes_at!) });
    case 'open':
      return st('builder.phase_open', { closes: shortDate(s.closes_at!) });
    case 'closed':
      return st('builder.phase_closed', { closed: s.closes_at ? shortDate(s.closes_at) : '' });
  }
}
