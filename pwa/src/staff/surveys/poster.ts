// The poster (`/personal/enkater/{slug}/affisch`): an A4 page to print and put up, with the
// survey's title and intro, its QR code (made by the server) and address in text, the last day to
// answer and the municipality's name. On screen a "Skriv ut" button; on paper only the poster.
import { ApiError } from '../../api/client';
import { getPublicConfig } from '../../api/endpoints';
import { h } from '../../dom';
import { rerender, type View } from '../../router';
import { failure, heading, loading } from '../../ui/page';
import { st, stIn } from './i18n';
import { staffErrorMessage } from '../login';
import { canTriage, requireUser, staffPage } from '../session';
import { getSurvey, qrCodeUrl } from './api';
import { local, longDate } from './labels';
import { surveyPath } from './list';

export const surveyPosterView: View = async ({ main, params }) => {
  const me = await requireUser(main, canTriage);
  if (!me) return;
  loading(main);
  const slug = params['slug'] ?? '';
  try {
    const [s, config] = await Promise.all([getSurvey(slug), getPublicConfig()]);
    const title = local(s.title) || s.slug;
    const intro = local(s.definition.intro, 'sv');
    staffPage(
      main,
      me,
      '/personal/enkater',
      h(
        'div',
        { class: 'poster-tools no-print' },
        h('p', {}, h('a', { href: surveyPath(s.slug) }, st('poster.back'))),
        heading(st('poster.title', { title })),
        h('p', { class: 'hint' }, st(s.phase === 'draft' ? 'poster.draft' : 'poster.hint')),
        h('button', { type: 'button', class: 'btn btn-primary', onclick: () => window.print() }, st('poster.print')),
      ),
      h(
        'article',
        { class: 'poster', lang: 'sv', 'aria-label': st('poster.label') },
        h('p', { class: 'poster-municipality' }, config.municipality),
        h('h2', { class: 'poster-title' }, local(s.title, 'sv') || s.slug),
        intro ? h('p', { class: 'poster-intro' }, intro) : null,
        h('img', {
          class: 'poster-qr',
          src: qrCodeUrl(s.slug),
          alt: stIn('sv', 'poster.qr_alt', { url: s.answer_url }),
          width: 320,
          height: 320,
        }),
        h('p', { class: 'poster-scan' }, stIn('sv', 'poster.scan')),
        h('p', { class: 'poster-url' }, s.answer_url),
        s.closes_at
          ? h('p', { class: 'poster-closes' }, stIn('sv', 'poster.closes', { date: longDate(s.closes_at, 'sv') }))
          : null,
        h('p', { class: 'poster-anonymous' }, stIn('sv', 'poster.anonymous')),
        h(
          'p',
          { class: 'poster-english', lang: 'en' },
          s.title.en ? h('strong', {}, s.title.en, '. ') : null,
          stIn('en', 'poster.scan_english'),
        ),
      ),
    );
  } catch (e) {
    if (e instanceof ApiError && e.code === 'not_found')
      failure(main, st('surveys.not_found_title'), st('surveys.not_found', { slug }));
    else failure(main, st('poster.title', { title: slug }), staffErrorMessage(e), () => void rerender());
  }
};
