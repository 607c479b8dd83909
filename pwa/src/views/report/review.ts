import type { FieldErrors } from '../../api/client';
import { h, type Child } from '../../dom';
import { formatDate, formatNumber, localName, t, type MessageKey } from '../../i18n';
import { lookupArea } from '../../geo';
import { photoThumbnails } from '../../photos/picker';
import { SAFE_PLACE, STEPS, type Step } from '../../report/draft';
import { draft } from '../../report/session';
import type { FlowData, StepView } from './context';
import { FEELING_KEYS } from './describe';

const TIME_OF_DAY_KEYS: Record<string, MessageKey> = {
  morning: 'when.morning',
  day: 'when.day',
  evening: 'when.evening',
  night: 'when.night',
};

function place(data: FlowData): Child[] {
  const d = draft();
  if (d.mode === 'map' && d.pin) {
    const area = lookupArea(data.areas, d.pin.lat, d.pin.lon).area;
    return [
      h('span', { class: 'line' }, area?.name ?? t('where.outside_short')),
      h('span', { class: 'line' }, `${formatNumber(d.pin.lat, 5)}, ${formatNumber(d.pin.lon, 5)}`),
      d.accuracy_m !== null ? h('span', { class: 'line' }, t('where.accuracy', { m: Math.round(d.accuracy_m) })) : null,
    ];
  }
  const locality = data.areas.features.find((f) => f.properties.slug === d.locality)?.properties;
  return [
    h('span', { class: 'line' }, locality?.kind === 'municipality' ? t('where.countryside') : (locality?.name ?? '')),
    h('span', { class: 'line quote' }, d.place_description.trim()),
  ];
}

function what(data: FlowData): string {
  const d = draft();
  const category = data.categories.find((c) => c.slug === d.category);
  if (!category) return '';
  const subtype = category.subtypes.find((s) => s.slug === d.subtype);
  return subtype ? `${localName(category)} – ${localName(subtype)}` : localName(category);
}

function when(): Child[] {
  const d = draft();
  const at =
    d.when === 'now'
      ? t('when.now')
      : [formatDate(`${d.date}T12:00:00`), d.time_of_day ? t(TIME_OF_DAY_KEYS[d.time_of_day]!) : null]
          .filter(Boolean)
          .join(', ');
  const recurring =
    d.recurring && d.category !== SAFE_PLACE
      ? t(d.recurring === 'yes' ? 'review.recurring_yes' : 'review.recurring_no')
      : null;
  return [h('span', { class: 'line' }, at), recurring ? h('span', { class: 'line' }, recurring) : null];
}

function contact(): Child[] {
  const { name, email, phone } = draft().contact;
  const lines = [name, email, phone].map((s) => s.trim()).filter(Boolean);
  return lines.length ? lines.map((l) => h('span', { class: 'line' }, l)) : [t('review.anonymous')];
}

export function reviewStep(data: FlowData, _errors: FieldErrors, goTo: (step: number) => void): StepView {
  const d = draft();
  const photos = d.photos ?? [];
  const thumbnails = photoThumbnails(photos);
  const row = (label: string, step: Step, ...value: Child[]): HTMLElement[] => [
    h('dt', {}, label),
    h(
      'dd',
      {},
      h('span', { class: 'value' }, ...value),
      h(
        'button',
        { type: 'button', class: 'btn btn-small btn-link', onclick: () => goTo(STEPS.indexOf(step)) },
        t('review.change'),
        h('span', { class: 'visually-hidden' }, ` ${label.toLowerCase()}`),
      ),
    ),
  ];
  const body = h(
    'div',
    {},
    h('p', {}, t('review.intro')),
    h(
      'dl',
      { class: 'review' },
      row(t('review.place'), 'where', ...place(data)),
      row(t('review.what'), 'what', what(data)),
      row(t('review.when'), 'when', ...when()),
      d.category === SAFE_PLACE
        ? []
        : row(
            t('review.feeling'),
            'describe',
            d.feeling ? `${d.feeling} – ${t(FEELING_KEYS[d.feeling]!)}` : t('review.not_given'),
          ),
      row(t('review.description'), 'describe', h('span', { class: 'quote' }, d.description.trim())),
      photos.length ? row(t('review.photos'), 'describe', thumbnails.el) : [],
      row(t('review.contact'), 'describe', ...contact()),
    ),
    h('p', { class: 'notice notice-info' }, t('review.public_notice')),
  );
  return { title: t('review.title'), body, cleanup: thumbnails.dispose };
}
