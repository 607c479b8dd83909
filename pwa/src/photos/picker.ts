// "Bilder (valfritt)": one file input, shown as a big button (a phone offers the camera or the
// gallery), that takes up to `max` photos; each is downscaled and kept on the device at once,
// previewed, and removable with its own button. The form keeps only the photos' ids.
import { h, icon } from '../dom';
import { t } from '../i18n';
import { forgetPhotos, keepPhoto, photoBlob } from '../offline/photos';
import { fieldId } from '../ui/form';
import { ICONS } from '../ui/icons';
import { downscale, UnreadablePhoto } from './downscale';

const PHOTO_ACCEPT = 'image/jpeg,image/png,image/webp,image/*';

export interface PhotoPickerOptions {
  /** The form field, e.g. `photos` or `events[0].photos`: its input is `f-{field}`. */
  field: string;
  legend: string;
  hints: string[];
  ids: string[];
  max: number;
  /** The largest photo the server takes, in bytes. */
  maxBytes: number;
  onChange: (ids: string[]) => void;
}

export interface PhotoPicker {
  el: HTMLElement;
  /** Lets go of the previews (object URLs) when the form is taken down. */
  dispose: () => void;
}

/** Previews of kept photos: object URLs made once per photo and revoked when it goes. */
class Previews {
  private urls = new Map<string, string>();
  private closed = false;

  /** The photo's preview, or null when it is no longer on the device (or the form has gone). */
  async url(id: string): Promise<string | null> {
    const known = this.urls.get(id);
    if (known) return known;
    const blob = await photoBlob(id);
    if (!blob || this.closed) return null;
    const url = URL.createObjectURL(blob);
    this.urls.set(id, url);
    return url;
  }

  revoke(id: string): void {
    const url = this.urls.get(id);
    if (url) URL.revokeObjectURL(url);
    this.urls.delete(id);
  }

  revokeAll(): void {
    this.closed = true;
    for (const id of [...this.urls.keys()]) this.revoke(id);
  }
}

/** One chosen file, downscaled and kept: its id, or the message saying why it was not taken. */
async function take(file: File, maxBytes: number): Promise<{ id: string } | { error: string }> {
  try {
    const blob = await downscale(file);
    if (blob.size > maxBytes) return { error: t('photos.too_large') };
    return { id: await keepPhoto(blob) };
  } catch (e) {
    if (e instanceof UnreadablePhoto) return { error: t('photos.unreadable') };
    return { error: t('photos.storage') };
  }
}

/** The picker's elements; the file input is `f-{field}`, tied to its hint, error and count. */
function pickerParts(o: PhotoPickerOptions) {
  const id = fieldId(o.field);
  const input = h('input', {
    type: 'file',
    id,
    name: o.field,
    class: 'photo-input',
    accept: PHOTO_ACCEPT,
    multiple: true,
    'aria-describedby': `${id}-hint ${id}-count`,
  });
  const parts = {
    id,
    input,
    add: h('label', { for: id, class: 'btn btn-block photo-add' }, icon(ICONS.camera), t('photos.add')),
    list: h('ul', { class: 'photo-list' }),
    errorSlot: h('div', { 'aria-live': 'polite' }),
    count: h('p', { class: 'counter', id: `${id}-count` }),
    status: h('p', { class: 'status-text', role: 'status' }),
  };
  const el = h(
    'fieldset',
    { class: 'field photos' },
    h('legend', {}, o.legend),
    h('div', { class: 'hint', id: `${id}-hint` }, ...o.hints.map((text) => h('p', {}, text))),
    parts.errorSlot,
    parts.list,
    parts.input,
    parts.add,
    parts.count,
    parts.status,
  );
  return { ...parts, el };
}

type Parts = ReturnType<typeof pickerParts>;

/** The field's error ("Fel: …"), announced, and linked from the input; null takes it away. */
function showError(p: Parts, message: string | null): void {
  p.el.classList.toggle('field-invalid', !!message);
  p.input.setAttribute('aria-describedby', `${p.id}-hint ${message ? `${p.id}-error ` : ''}${p.id}-count`);
  p.errorSlot.replaceChildren(
    message
      ? h(
          'p',
          { class: 'field-error', id: `${p.id}-error` },
          h('span', { class: 'error-prefix' }, `${t('form.error_prefix')} `),
          message,
        )
      : '',
  );
}

const photoItem = (url: string, n: number, remove: () => void): HTMLElement =>
  h(
    'li',
    { class: 'photo-item' },
    h('img', { src: url, alt: t('photos.photo', { n }), class: 'photo-thumb' }),
    h('button', { type: 'button', class: 'btn btn-small', onclick: remove }, t('photos.remove', { n })),
  );

/** Takes the files that fit (`room`), one at a time: the ids kept, and what to say about the rest. */
async function takeAll(
  files: File[],
  room: number,
  o: PhotoPickerOptions,
  status: HTMLElement,
): Promise<{ ids: string[]; errors: string[] }> {
  const ids: string[] = [];
  const errors: string[] = [];
  for (const file of files.slice(0, room)) {
    status.textContent = t('photos.preparing');
    const taken = await take(file, o.maxBytes);
    if ('id' in taken) ids.push(taken.id);
    else if (!errors.includes(taken.error)) errors.push(taken.error);
  }
  if (files.length > room) errors.push(t('photos.too_many', { max: o.max, n: files.length - room }));
  return { ids, errors };
}

export function photoPicker(o: PhotoPickerOptions): PhotoPicker {
  const ids = [...o.ids];
  const previews = new Previews();
  const p = pickerParts(o);
  let busy = false;
  let disposed = false;

  const render = async (): Promise<void> => {
    const shown = await Promise.all(ids.map(async (photo) => ({ photo, url: await previews.url(photo) })));
    if (disposed) return;
    // Gone from the device (storage cleared): the form forgets them too.
    const missing = shown.filter((s) => !s.url).map((s) => s.photo);
    if (missing.length) {
      for (const m of missing) ids.splice(ids.indexOf(m), 1);
      o.onChange([...ids]);
    }
    p.list.replaceChildren(
      ...shown
        .filter((s): s is { photo: string; url: string } => !!s.url)
        .map(({ photo, url }, i) => photoItem(url, i + 1, () => void remove(photo, i))),
    );
    const full = ids.length >= o.max;
    p.input.hidden = full;
    p.add.hidden = full;
    p.count.textContent = full ? t('photos.full', { max: o.max }) : t('photos.count', { n: ids.length, max: o.max });
  };

  const remove = async (photo: string, index: number): Promise<void> => {
    ids.splice(ids.indexOf(photo), 1);
    previews.revoke(photo);
    await forgetPhotos([photo]);
    o.onChange([...ids]);
    showError(p, null);
    await render();
    p.status.textContent = t('photos.removed', { n: index + 1 });
    // Focus stays in the list: on the next photo's button, else on the button to add one.
    const next = p.list.querySelectorAll('button')[index] ?? p.list.querySelector<HTMLElement>('li:last-child button');
    (next ?? p.input).focus();
  };

  const choose = async (files: File[]): Promise<void> => {
    busy = true;
    showError(p, null);
    const taken = await takeAll(files, Math.max(0, o.max - ids.length), o, p.status);
    ids.push(...taken.ids);
    o.onChange([...ids]);
    await render();
    showError(p, taken.errors.length ? taken.errors.join(' ') : null);
    p.status.textContent = taken.ids.length ? t('photos.added', { n: taken.ids.length }) : '';
    busy = false;
  };

  p.input.addEventListener('change', () => {
    const files = [...(p.input.files ?? [])];
    // Cleared, so that choosing the same file again (after removing it) is a change too.
    p.input.value = '';
    if (!busy && files.length) void choose(files);
  });
  void render();
  return {
    el: p.el,
    dispose: () => {
      disposed = true;
      previews.revokeAll();
    },
  };
}

/** The kept photos as small previews (the review step), with `alt` "Bild 1", "Bild 2", … */
export function photoThumbnails(ids: string[]): PhotoPicker {
  const previews = new Previews();
  const el = h('ul', { class: 'photo-thumbs' });
  void Promise.all(ids.map((photo) => previews.url(photo))).then((urls) =>
    el.replaceChildren(
      ...urls
        .filter((url): url is string => !!url)
        .map((url, i) =>
          h('li', {}, h('img', { src: url, alt: t('photos.photo', { n: i + 1 }), class: 'photo-thumb' })),
        ),
    ),
  );
  return { el, dispose: () => previews.revokeAll() };
}
