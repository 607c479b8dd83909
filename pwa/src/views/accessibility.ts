import { h } from '../dom';
import { t } from '../i18n';
import type { View } from '../router';
import { heading, section } from '../ui/page';

/** Where residents report accessibility problems. */
const CONTACT_EMAIL = 'kommun@herrljunga.se';
const STATEMENT_DATE = '2026-12-02';

export const accessibilityView: View = ({ main }) => {
  const mail = `mailto:${CONTACT_EMAIL}?subject=${encodeURIComponent(t('a11y.mail_subject'))}`;
  // The heading with a soft hyphen, so that at 360 px it breaks as "Tillgänglighets-/redogörelse"
  // (the document title keeps the plain word).
  const title = heading(t('a11y.title'));
  title.textContent = t('a11y.title_display');
  main.replaceChildren(
    title,
    h('p', { class: 'lead' }, t('a11y.intro')),
    section(t('a11y.how_title'), h('p', {}, t('a11y.how'))),
    section(
      t('a11y.gaps_title'),
      h('ul', {}, h('li', {}, t('a11y.gap_map')), h('li', {}, t('a11y.gap_tiles')), h('li', {}, t('a11y.gap_offline'))),
    ),
    section(
      t('a11y.report_title'),
      h('p', {}, t('a11y.report')),
      h('p', {}, h('a', { href: mail, class: 'btn btn-block' }, t('a11y.report_button'))),
      h('p', {}, t('a11y.report_alt', { email: CONTACT_EMAIL })),
    ),
    section(
      t('a11y.supervision_title'),
      h('p', {}, t('a11y.supervision')),
      h(
        'p',
        {},
        h(
          'a',
          {
            href: 'https://www.digg.se/analys-och-uppfoljning/lagen-om-tillganglighet-till-digital-offentlig-service-dos-lagen/anmal-bristande-tillganglighet',
            rel: 'noopener',
          },
          t('a11y.supervision_link'),
        ),
      ),
    ),
    section(t('a11y.technical_title'), h('p', {}, t('a11y.technical')), h('p', {}, t('a11y.tested'))),
    h('p', { class: 'hint' }, t('a11y.date', { date: STATEMENT_DATE })),
  );
};
