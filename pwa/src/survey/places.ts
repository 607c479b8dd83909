import type { AreaCollection, AreaFeature } from '../api/types';
import { lookupArea } from '../geo';
import { t } from '../i18n';

type AreaProps = AreaFeature['properties'];

/** The localities, by name as Swedes sort them. */
export function localities(areas: AreaCollection | null): AreaProps[] {
  return (areas?.features ?? [])
    .map((f) => f.properties)
    .filter((p) => p.kind === 'locality')
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
}

/**
 * What an `area` question offers: the localities, then the countryside (the municipality's own
 * slug, which the server takes as "the rest of the municipality").
 */
export function areaChoices(areas: AreaCollection | null): { value: string; label: string }[] {
  const choices = localities(areas).map((p) => ({ value: p.slug, label: p.name }));
  const municipality = areas?.features.find((f) => f.properties.kind === 'municipality')?.properties;
  if (municipality) choices.push({ value: municipality.slug, label: t('survey.countryside') });
  return choices;
}

/** An `area` answer in words. */
export function areaName(areas: AreaCollection | null, slug: string): string {
  return areaChoices(areas).find((c) => c.value === slug)?.label ?? slug;
}

/** Where a marked point is, in words: its locality, or the countryside. */
export function placeName(areas: AreaCollection | null, p: { lat: number; lon: number }): string {
  if (!areas) return '';
  const found = lookupArea(areas, p.lat, p.lon).area;
  return !found ? '' : found.kind === 'municipality' ? t('survey.countryside') : found.name;
}
