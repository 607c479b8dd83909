import type { AreaCollection, SurveyQuestion } from '../api/types';
import { lookupArea } from '../geo';
import { t } from '../i18n';
import { codesOf, FREE_TEXT_MAX, isAnswered, MAP_POINTS_MAX, pointsOf, type Answer } from './questions';

const chars = (s: string): number => [...s.trim()].length;

function requiredMessage(q: SurveyQuestion): string {
  switch (q.type) {
    case 'multiple_choice':
      return t('survey.v.choose_some');
    case 'number':
      return t('survey.v.number_missing');
    case 'free_text':
      return t('survey.v.text_missing');
    case 'map_points':
      return t('survey.v.points_missing');
    case 'single_choice':
    case 'scale':
    case 'yes_no':
    case 'area':
      return t('survey.v.choose_one');
  }
}

function numberErrors(q: SurveyQuestion, typed: string): string[] {
  if (!/^-?\d+$/.test(typed.trim())) return [t('survey.v.number_invalid')];
  const n = Number(typed.trim());
  const min = q.min ?? Number.MIN_SAFE_INTEGER;
  const max = q.max ?? Number.MAX_SAFE_INTEGER;
  if (n >= min && n <= max) return [];
  if (q.min !== null && q.min !== undefined && q.max !== null && q.max !== undefined) {
    return [t('survey.v.number_range', { min: q.min, max: q.max })];
  }
  return [n < min ? t('survey.v.number_min', { min }) : t('survey.v.number_max', { max })];
}

/**
 * What is wrong with an answer, as the server would say it (the checks it can make without the
 * server: its screening of free text is left to it). Empty: nothing.
 */
export function answerErrors(q: SurveyQuestion, answer: Answer | undefined, areas: AreaCollection | null): string[] {
  if (!isAnswered(answer)) return q.required ? [requiredMessage(q)] : [];
  switch (q.type) {
    case 'number':
      return typeof answer === 'string' ? numberErrors(q, answer) : [];
    case 'free_text': {
      const max = q.max_length ?? FREE_TEXT_MAX;
      return typeof answer === 'string' && chars(answer) > max ? [t('v.too_long', { max })] : [];
    }
    case 'multiple_choice': {
      const max = q.max ?? q.choices?.length ?? 0;
      return codesOf(answer).length > max ? [t('survey.v.too_many_choices', { max })] : [];
    }
    case 'map_points': {
      const points = pointsOf(answer);
      const max = q.max ?? MAP_POINTS_MAX;
      if (points.length > max) return [t('survey.v.too_many_points', { max })];
      const outside = areas ? points.findIndex((p) => !lookupArea(areas, p.lat, p.lon).inside_municipality) : -1;
      return outside >= 0 ? [t('survey.v.point_outside', { n: outside + 1 })] : [];
    }
    case 'single_choice':
    case 'scale':
    case 'yes_no':
    case 'area':
      return [];
  }
}

/** Invitation codes are eight letters and digits (`ABCD-EFGH`); case, spaces and dashes do not matter. */
const CODE = /^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{8}$/;

export function normalizeInvitationCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

export function invitationCodeErrors(typed: string): string[] {
  if (!typed.trim()) return [t('survey.v.code_missing')];
  return CODE.test(normalizeInvitationCode(typed)) ? [] : [t('survey.v.code_invalid')];
}
