// The staff inrapport form (`/personal/inrapport`): one or several events, or "inget att
// rapportera" for a period. Kept in sessionStorage while written; sent through the offline outbox,
// so it waits on the device without network and is replayed by client_id. This file keeps the
// view's state and draws it; the parts are in `inrapport/`: the draft and its storage (draft.ts),
// the checks and the request body (convert.ts), sending (send.ts), the form (form.ts, one event in
// event.ts) and the banners above it.
import { getAreas, getCategories, getPublicConfig } from '../api/endpoints';
import { h, type Child } from '../dom';
import { forgetPhotos } from '../offline/photos';
import { subscribe } from '../offline/queue';
import { photoPicker, type PhotoPicker } from '../photos/picker';
import { type View } from '../router';
import { errorSummary, fieldId } from '../ui/form';
import { failure, heading, loading } from '../ui/page';
import { busyForm } from './fields';
import { st } from './i18n';
import { createQueueBox } from './inrapport/banners';
import { freshStored, load, newEvent, save, type EventDraft, type Stored } from './inrapport/draft';
import type { InrapportChoices } from './inrapport/event';
import { inrapportFields } from './inrapport/form';
import { sendDraft } from './inrapport/send';
import { staffErrorMessage } from './login';
import { canFile, canTriage, requireUser, staffPage } from './session';

// Other views use the draft (mine.ts reopens a refused one); these were always exported from here.
export { toInrapport } from './inrapport/convert';
export { forgetDraft, newInrapport, reopenInrapport, type EventDraft, type InrapportDraft } from './inrapport/draft';

/** Categories and localities for the form; on failure shows it and returns null. */
async function loadChoices(main: HTMLElement): Promise<InrapportChoices | null> {
  try {
    const [categories, areas, config] = await Promise.all([getCategories(), getAreas(), getPublicConfig()]);
    return {
      categories,
      localities: areas.features
        .filter((f) => f.properties.kind === 'locality')
        .map((f): [string, string] => [f.properties.slug, f.properties.name]),
      photos: { max: config.max_photos_per_report, maxBytes: config.max_photo_bytes },
    };
  } catch (e) {
    failure(main, st('inr.title'), `${st('inr.load_failed')} ${staffErrorMessage(e)}`);
    return null;
  }
}

/** Puts the form up again with `render`, keeping focus (and the caret) where it was. */
function keepingFocus(render: () => void): void {
  const active = document.activeElement as HTMLInputElement | null;
  const focused = active?.id;
  const caret = active && 'selectionStart' in active ? active.selectionStart : null;
  render();
  const again = focused ? (document.getElementById(focused) as HTMLInputElement | null) : null;
  again?.focus();
  if (again && caret !== null && typeof again.setSelectionRange === 'function') {
    try {
      again.setSelectionRange(caret, caret);
    } catch {
      // Date and number fields have no caret.
    }
  }
}

export const inrapportView: View = async ({ main }) => {
  const me = await requireUser(main, canFile);
  if (!me) return;
  loading(main);
  const choices = await loadChoices(main);
  if (!choices) return;
  let stored: Stored = load(me);
  let result: Child = null;
  const queueBox = createQueueBox(me.id);
  const redraw = (): void => keepingFocus(() => render());
  // The pickers of the form on the page; each drawing of the form replaces them.
  let pickers: PhotoPicker[] = [];
  const disposePickers = (): void => {
    pickers.forEach((p) => p.dispose());
    pickers = [];
  };

  /** Applies an edit; a field the server or the form complained about loses its message at once. */
  const change = (fn: () => void, field?: string): void => {
    fn();
    const hadError = !!field && field in stored.errors;
    if (field) delete stored.errors[field];
    save(stored);
    if (hadError) redraw();
  };

  const submit = async (): Promise<void> => {
    const sent = await sendDraft(stored.draft, me.id, canTriage(me.role));
    if (sent.kind === 'refused') {
      stored.errors = sent.errors;
      if (sent.remember) save(stored);
      return render(true);
    }
    result = sent.banner;
    stored = freshStored(me);
    save(stored);
    render();
    main.querySelector<HTMLElement>('.inr-result')?.focus();
    void queueBox.show();
  };

  /** An event's photos: kept on the device with the draft, each event's own. */
  const photos = (field: string, event: EventDraft): HTMLElement => {
    const picker = photoPicker({
      field,
      legend: st('inr.photos'),
      hints: [st('inr.photos_hint', { max: choices.photos.max })],
      ids: event.photos ?? [],
      ...choices.photos,
      onChange: (ids) => change(() => (event.photos = ids)),
    });
    pickers.push(picker);
    return picker.el;
  };

  const render = (focusErrors = false): void => {
    disposePickers();
    const d = stored.draft;
    const errors = stored.errors;
    const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, st('inr.send'));
    const fields = inrapportFields({
      draft: d,
      errors,
      choices,
      canPolice: canTriage(me.role),
      change,
      redraw,
      photos,
      addEvent: () => {
        change(() => d.events.push(newEvent()));
        render();
        document.getElementById(fieldId(`events[${d.events.length - 1}].occurred_at`))?.focus();
      },
      removeEvent: (i) => {
        void forgetPhotos(d.events[i]?.photos ?? []);
        change(() => d.events.splice(i, 1));
        stored.errors = {};
        render();
        main.querySelector<HTMLElement>('h1')?.focus();
      },
    });
    staffPage(
      main,
      me,
      '/personal/inrapport',
      heading(st('inr.title')),
      h('p', {}, st('inr.intro')),
      queueBox.el,
      result,
      errorSummary(errors),
      busyForm({ button, busyText: st('inr.sending'), onSubmit: submit }, ...fields, button),
    );
    if (focusErrors) main.querySelector<HTMLElement>('.error-summary')?.focus();
  };
  render(Object.keys(stored.errors).length > 0);
  await queueBox.show();
  const unsubscribe = subscribe((s) => void queueBox.show(s.inrapportJustSent));
  return () => {
    unsubscribe();
    disposePickers();
  };
};
