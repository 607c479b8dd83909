import { h } from '../dom';
import { t } from '../i18n';
import type { View } from '../router';
import { heading } from '../ui/page';

export const notFoundView: View = ({ main }) => {
  main.replaceChildren(
    heading(t('notfound.title')),
    h('p', {}, t('notfound.text')),
    h('p', {}, h('a', { href: '/' }, t('common.to_start'))),
  );
};
