// "Bilder": every photo of the report, hidden ones marked. A coordinator hides a photo from the
// public or shows it again, and blurs areas of it (a face, a number plate) in an editor over the
// photo; each is on the timeline, so the report is fetched again after it. Others only look.
import type { BlurRect, PhotoAction, PhotoView, ReportDetail } from '../../api/types';
import { h } from '../../dom';
import { thumbnailSize } from '../../views/track';
import { actOnPhoto, getReportDetail } from '../api';
import { formProblems } from '../fields';
import { st, type StaffKey } from '../i18n';
import { staffErrorMessage } from '../login';
import { blurEditor } from './blur';

interface PhotoSectionOptions {
  /** Whether the user may hide, show and blur (coordinators). */
  triage: boolean;
  done: (updated: ReportDetail, notice: string) => void;
}

/** Sends one photo action and hands on the report as it is afterwards, with `notice`. */
async function apply(r: ReportDetail, photo: PhotoView, action: PhotoAction, notice: string, o: PhotoSectionOptions) {
  await actOnPhoto(photo.id, action);
  o.done(await getReportDetail(r.id), notice);
}

function actionButton(label: StaffKey, n: number, run: () => Promise<void>, problems: HTMLElement): HTMLElement {
  const button = h(
    'button',
    { type: 'button', class: 'btn btn-small' },
    st(label),
    h('span', { class: 'visually-hidden' }, ` – ${st('photos.photo', { n })}`),
  );
  button.addEventListener('click', () => {
    if (button.getAttribute('aria-disabled') === 'true') return;
    button.setAttribute('aria-disabled', 'true');
    run().catch((e: unknown) => {
      button.removeAttribute('aria-disabled');
      problems.replaceChildren(formProblems(staffErrorMessage(e), {}) ?? '');
      problems.querySelector<HTMLElement>('.error-summary')?.focus();
    });
  });
  return button;
}

function photoItem(r: ReportDetail, photo: PhotoView, n: number, o: PhotoSectionOptions): HTMLElement {
  const item = h('li', { class: 'photo-card' });
  const problems = h('div', {});
  const card = (): HTMLElement[] => [
    h(
      'a',
      { href: photo.url, class: 'photo-card-image' },
      h('img', { src: photo.thumbnail_url, alt: st('photos.open', { n }), ...thumbnailSize(photo) }),
    ),
    h(
      'div',
      { class: 'photo-card-text' },
      h('h3', {}, st('photos.photo', { n })),
      h('p', { class: 'meta' }, st(photo.uploaded_by === 'staff' ? 'photos.by_staff' : 'photos.by_reporter')),
      h('p', { class: 'meta' }, st('photos.size', { width: photo.width, height: photo.height })),
      photo.hidden ? h('p', {}, h('span', { class: 'badge badge-hidden' }, st('photos.hidden'))) : null,
      problems,
      o.triage ? h('div', { class: 'button-row' }, ...buttons()) : null,
    ),
  ];
  const show = (): void => item.replaceChildren(...card());
  const buttons = (): HTMLElement[] => [
    photo.hidden
      ? actionButton(
          'photos.show',
          n,
          () => apply(r, photo, { action: 'show' }, st('photos.done_shown', { n }), o),
          problems,
        )
      : actionButton(
          'photos.hide',
          n,
          () => apply(r, photo, { action: 'hide' }, st('photos.done_hidden', { n }), o),
          problems,
        ),
    h(
      'button',
      { type: 'button', class: 'btn btn-small', onclick: () => edit() },
      st('photos.blur'),
      h('span', { class: 'visually-hidden' }, ` – ${st('photos.photo', { n })}`),
    ),
  ];
  const edit = (): void => {
    const blur = (rects: BlurRect[]): Promise<void> =>
      apply(r, photo, { action: 'blur', rects }, st('photos.done_blurred', { n }), o);
    item.replaceChildren(
      blurEditor({
        photo,
        n,
        submit: blur,
        cancel: () => {
          show();
          item.querySelectorAll<HTMLElement>('.button-row button')[1]?.focus();
        },
      }),
    );
    item.querySelector<HTMLElement>('h3')?.focus();
  };
  show();
  return item;
}

export function photoSection(r: ReportDetail, o: PhotoSectionOptions): HTMLElement | null {
  if (!r.photos.length) return null;
  return h(
    'section',
    { class: 'card photos-card', 'aria-labelledby': 'photos-title' },
    h('h2', { id: 'photos-title' }, `${st('photos.title')} (${r.photos.length})`),
    h(
      'ul',
      { class: 'photo-cards' },
      r.photos.map((p, i) => photoItem(r, p, i + 1, o)),
    ),
  );
}
