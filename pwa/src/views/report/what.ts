import type { FieldErrors } from '../../api/client';
import { h, icon } from '../../dom';
import { localName, t, type MessageKey } from '../../i18n';
import { askNearbySoon } from '../../report/nearby';
import { draft, updateDraft } from '../../report/session';
import { radioGroup } from '../../ui/form';
import { categoryIcon } from '../../ui/icons';
import type { FlowData, StepView } from './context';

/** The follow-up question for a category's subtypes; the coordinator may add subtypes elsewhere. */
const SUBTYPE_QUESTION: Record<string, MessageKey> = {
  unsafe_place: 'what.subtype_unsafe_place',
  gathering: 'what.subtype_gathering',
};

export function whatStep(data: FlowData, errors: FieldErrors): StepView {
  const subtypes = h('div', { class: 'subtype-part' });
  const showSubtypes = (): boolean => {
    const category = data.categories.find((c) => c.slug === draft().category);
    subtypes.replaceChildren(
      category?.subtypes.length
        ? radioGroup({
            field: 'subtype',
            legend: t(SUBTYPE_QUESTION[category.slug] ?? 'what.subtype'),
            hint: t('what.subtype_hint'),
            choices: [
              ...category.subtypes.map((s) => ({ value: s.slug, label: localName(s) })),
              { value: '', label: t('what.subtype_none') },
            ],
            value: draft().subtype,
            onChange: (v) => updateDraft((d) => (d.subtype = v), ['category']),
          })
        : '',
    );
    return !!category?.subtypes.length;
  };
  const body = h(
    'div',
    {},
    radioGroup({
      field: 'category',
      legend: t('what.legend'),
      legendClass: 'visually-hidden',
      className: 'category-grid',
      choices: data.categories.map((c) => ({
        value: c.slug,
        label: localName(c),
        icon: icon(categoryIcon(c.slug), 'icon icon-large'),
      })),
      value: draft().category,
      errors: errors['category'],
      onChange: (v) => {
        updateDraft(
          (d) => {
            d.category = v;
            d.subtype = '';
          },
          ['category'],
        );
        askNearbySoon();
        // Below the category tiles the question is out of sight on a phone: bring it into view.
        if (showSubtypes()) {
          const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
          subtypes.scrollIntoView({ block: 'nearest', behavior: smooth ? 'smooth' : 'auto' });
        }
      },
    }),
    subtypes,
  );
  showSubtypes();
  // Back on this step with a category chosen (perhaps after moving the pin): ask for the new place.
  if (draft().category) askNearbySoon();
  return { title: t('what.title'), body };
}
