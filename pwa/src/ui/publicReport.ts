// A public report as residents see it, in "Är det här samma sak?" and on the public map: only what
// the coordinator made public (category, locality, date, the public text, the municipality's answer).
import type { AreaCollection, Category, PublicReport } from '../api/types';
import { h, icon } from '../dom';
import { formatDate, localName, t, type MessageKey } from '../i18n';
import { statusName } from '../views/track';
import { ICONS } from './icons';

/** Names for the slugs a public report carries. */
export interface ReportNames {
  category(slug: string): string;
  /** The locality's name; the countryside for the municipality itself; null when unknown. */
  area(slug: string | null | undefined): string | null;
}

export function reportNames(categories: Category[], areas: AreaCollection): ReportNames {
  return {
    category: (slug) => {
      const c = categories.find((x) => x.slug === slug);
      return c ? localName(c) : slug;
    },
    area: (slug) => {
      const a = areas.features.find((f) => f.properties.slug === slug)?.properties;
      if (!a) return null;
      return a.kind === 'municipality' ? t('public.countryside') : a.name;
    },
  };
}

/** Where and when, and how far it has come: "Herrljunga · Rapporterad 3 maj 2026 · Status: Hanteras". */
export function reportMeta(r: PublicReport, names: ReportNames): HTMLElement {
  const area = names.area(r.area);
  return h(
    'p',
    { class: 'public-meta' },
    [
      area,
      t('public.reported', { date: formatDate(r.received_at) }),
      t('public.status', { status: statusName(r.status) }),
    ]
      .filter((part): part is string => !!part)
      .join(' · '),
  );
}

/** The public text and the municipality's answer, each under its label, and how many said the same. */
export function reportWords(
  r: PublicReport,
  labels: { text: MessageKey; reply: MessageKey } = { text: 'public.text', reply: 'public.reply' },
): HTMLElement[] {
  return [
    r.text ? h('p', { class: 'public-label' }, t(labels.text)) : null,
    r.text ? h('p', { class: 'quote' }, r.text) : null,
    r.reply ? h('p', { class: 'public-label' }, t(labels.reply)) : null,
    r.reply ? h('p', { class: 'quote' }, r.reply) : null,
    r.also_reported > 0
      ? h('p', { class: 'also-reported' }, icon(ICONS.check), t('track.also_reported', { n: r.also_reported }))
      : null,
  ].filter((el): el is HTMLParagraphElement => el !== null);
}
