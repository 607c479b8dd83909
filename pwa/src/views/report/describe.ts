import type { FieldErrors } from '../../api/client';
import { h, icon } from '../../dom';
import { t, type MessageKey } from '../../i18n';
import { photoPicker } from '../../photos/picker';
import { SAFE_PLACE, type Draft } from '../../report/draft';
import { draft, updateDraft } from '../../report/session';
import { checkbox, radioGroup, textArea, textInput } from '../../ui/form';
import { ICONS } from '../../ui/icons';
import type { FlowData, StepView } from './context';
import { charCounter } from './counter';

export const FEELING_KEYS: Record<number, MessageKey> = {
  1: 'feeling.1',
  2: 'feeling.2',
  3: 'feeling.3',
  4: 'feeling.4',
  5: 'feeling.5',
};

function contactPart(errors: FieldErrors): HTMLElement {
  const c = draft().contact;
  const hasErrors = ['contact_name', 'contact_email', 'contact_phone', 'contact_consent'].some(
    (f) => errors[f]?.length,
  );
  const edit = (change: (contact: Draft['contact']) => void, field: string): void =>
    updateDraft((d) => change(d.contact), [field, 'contact_consent']);
  return h(
    'details',
    { class: 'contact', open: hasErrors || !!(c.name || c.email || c.phone) },
    h('summary', {}, t('contact.summary')),
    h('p', {}, t('contact.why')),
    h('p', {}, t('contact.public')),
    textInput({
      field: 'contact_name',
      label: t('contact.name'),
      value: c.name,
      autocomplete: 'name',
      errors: errors['contact_name'],
      onInput: (v) => edit((x) => (x.name = v), 'contact_name'),
    }),
    textInput({
      field: 'contact_email',
      label: t('contact.email'),
      type: 'email',
      value: c.email,
      autocomplete: 'email',
      errors: errors['contact_email'],
      onInput: (v) => edit((x) => (x.email = v), 'contact_email'),
    }),
    textInput({
      field: 'contact_phone',
      label: t('contact.phone'),
      type: 'tel',
      value: c.phone,
      autocomplete: 'tel',
      errors: errors['contact_phone'],
      onInput: (v) => edit((x) => (x.phone = v), 'contact_phone'),
    }),
    checkbox({
      field: 'contact_consent',
      label: t('contact.consent'),
      checked: c.consent,
      errors: errors['contact_consent'],
      onChange: (v) => edit((x) => (x.consent = v), 'contact_consent'),
    }),
  );
}

export function describeStep(data: FlowData, errors: FieldErrors): StepView {
  const d = draft();
  const max = data.config.description_max_chars;
  const counter = charCounter('f-description-count', max, d.description);
  const safe = d.category === SAFE_PLACE;
  const photos = photoPicker({
    field: 'photos',
    legend: t('photos.legend'),
    hints: [t('photos.hint', { max: data.config.max_photos_per_report }), t('photos.public')],
    ids: d.photos ?? [],
    max: data.config.max_photos_per_report,
    maxBytes: data.config.max_photo_bytes,
    onChange: (ids) => updateDraft((x) => (x.photos = ids)),
  });
  const body = h(
    'div',
    {},
    safe
      ? null
      : radioGroup({
          field: 'feeling',
          legend: t('describe.feeling'),
          hint: t('describe.feeling_hint'),
          className: 'feeling',
          choices: [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: `${n} – ${t(FEELING_KEYS[n]!)}` })),
          value: d.feeling === null ? '' : String(d.feeling),
          errors: errors['feeling'],
          onChange: (v) => updateDraft((x) => (x.feeling = Number(v)), ['feeling']),
        }),
    textArea({
      field: 'description',
      label: t(safe ? 'describe.description_safe' : 'describe.description'),
      hint: t(safe ? 'describe.description_safe_hint' : 'describe.description_hint'),
      value: d.description,
      rows: 6,
      errors: errors['description'],
      describedBy: 'f-description-count',
      onInput: (v) => {
        updateDraft((x) => (x.description = v), ['description']);
        counter.update(v);
      },
      after: counter.el,
    }),
    photos.el,
    h(
      'p',
      { class: 'notice notice-info' },
      icon(ICONS.info),
      h('span', {}, t('fact.public_document'), ' ', t('fact.no_names')),
    ),
    contactPart(errors),
  );
  return { title: t('describe.title'), body, cleanup: photos.dispose };
}
