import type { FieldErrors } from '../../api/client';
import { h, icon } from '../../dom';
import { localName, t } from '../../i18n';
import { draft, updateDraft } from '../../report/session';
import { radioGroup } from '../../ui/form';
import { categoryIcon } from '../../ui/icons';
import type { FlowData, StepView } from './context';

export function whatStep(data: FlowData, errors: FieldErrors): StepView {
  const subtypes = h('div', {});
  const showSubtypes = (): void => {
    const category = data.categories.find((c) => c.slug === draft().category);
    subtypes.replaceChildren(
      category?.subtypes.length
        ? radioGroup({
            field: 'subtype',
            legend: t('what.subtype', { category: localName(category) }),
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
        showSubtypes();
      },
    }),
    subtypes,
  );
  showSubtypes();
  return { title: t('what.title'), body };
}
