import type { FieldErrors } from '../../api/client';
import { isOneOf, timeOfDayValues } from '../../api/types';
import { h } from '../../dom';
import { t } from '../../i18n';
import { localDate, SAFE_PLACE, type Draft } from '../../report/draft';
import { draft, updateDraft } from '../../report/session';
import { fieldId, radioGroup, textInput } from '../../ui/form';
import type { FlowData, StepView } from './context';

function earlierPart(errors: FieldErrors): HTMLElement {
  const d = draft();
  const now = new Date();
  const date = textInput({
    field: 'date',
    label: t('when.date'),
    hint: t('when.date_hint'),
    type: 'date',
    value: d.date,
    errors: errors['date'],
    onInput: (v) => updateDraft((x) => (x.date = v), ['date']),
  });
  // No `min`: stepping an empty year with the arrow keys would start a year back, at an invalid date.
  date.querySelector<HTMLInputElement>(`#${fieldId('date')}`)!.max = localDate(now);
  return h(
    'div',
    {},
    date,
    radioGroup({
      field: 'time_of_day',
      legend: t('when.time_of_day'),
      choices: [
        ...timeOfDayValues.map((v) => ({ value: v, label: t(`when.${v}`) })),
        { value: '', label: t('when.unknown') },
      ],
      value: d.time_of_day,
      errors: errors['time_of_day'],
      onChange: (v) => updateDraft((x) => (x.time_of_day = isOneOf(timeOfDayValues, v) ? v : ''), ['time_of_day']),
    }),
  );
}

export function whenStep(_data: FlowData, errors: FieldErrors): StepView {
  // A safe place is somewhere the resident was, not something that happens: no "does it happen often".
  const safe = draft().category === SAFE_PLACE;
  const earlier = h('div', {});
  const showEarlier = (): void => {
    earlier.replaceChildren(draft().when === 'earlier' ? earlierPart(errors) : '');
  };
  const body = h(
    'div',
    {},
    radioGroup({
      field: 'when',
      legend: t('when.legend'),
      legendClass: 'visually-hidden',
      choices: [
        { value: 'now', label: t('when.now') },
        { value: 'earlier', label: t('when.earlier') },
      ],
      value: draft().when,
      errors: errors['when'],
      onChange: (v) => {
        updateDraft((d) => (d.when = v as Draft['when']), ['when', 'date']);
        showEarlier();
      },
    }),
    earlier,
    safe
      ? null
      : radioGroup({
          field: 'recurring',
          legend: t('when.recurring'),
          choices: [
            { value: 'yes', label: t('common.yes') },
            { value: 'no', label: t('common.no') },
            { value: '', label: t('common.dont_know') },
          ],
          value: draft().recurring,
          errors: errors['recurring'],
          onChange: (v) => updateDraft((d) => (d.recurring = v as Draft['recurring']), ['recurring']),
        }),
  );
  showEarlier();
  return { title: t(safe ? 'when.title_safe' : 'when.title'), body };
}
