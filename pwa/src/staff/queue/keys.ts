// The queue's keyboard: j/k move, Enter opens, Space ticks, t/p/r/x change the status (x asks for
// the reason first), u undoes a change still waiting, / goes to the search and ? opens the help
// dialog. Never while typing in a field or with a dialog open.
import type { ReportStatus } from '../../api/types';
import { h } from '../../dom';
import { navigate } from '../../router';
import { st } from '../i18n';
import { statusName } from '../labels';
import type { QueueList } from './list';
import type { QueueSelection } from './selection';
import type { QueueState } from './state';

/** The keyboard's status shortcuts; shown in the help dialog. */
export const STATUS_KEYS: Record<string, ReportStatus> = {
  t: 'triaged',
  p: 'in_progress',
  r: 'resolved',
  x: 'rejected',
};

/** A key press meant for a text field, a select or a dialog is never a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el?.closest) return false;
  return !!el.closest(
    'input:not([type="checkbox"]), textarea, select, [contenteditable=""], [contenteditable="true"], dialog',
  );
}

function helpDialog(triage: boolean): HTMLDialogElement {
  const key = (k: string, what: string): HTMLElement[] => [h('dt', {}, h('kbd', {}, k)), h('dd', {}, what)];
  return h(
    'dialog',
    { class: 'help-dialog', 'aria-labelledby': 'help-title' },
    h('h2', { id: 'help-title' }, st('keys.title')),
    h(
      'dl',
      { class: 'keys' },
      key('j', st('keys.next')),
      key('k', st('keys.previous')),
      key('Enter', st('keys.open')),
      triage ? key(st('keys.space'), st('keys.check')) : [],
      triage
        ? Object.entries(STATUS_KEYS).flatMap(([k, s]) =>
            key(k, st(s === 'rejected' ? 'keys.reject' : 'keys.status', { status: statusName(s) })),
          )
        : [],
      triage ? key('u', st('keys.undo')) : [],
      key('/', st('keys.search')),
      key('?', st('keys.help')),
    ),
    triage ? h('p', {}, st('keys.mail')) : null,
    h('p', {}, st('keys.typing')),
    h('form', { method: 'dialog' }, h('button', { type: 'submit', class: 'btn btn-primary' }, st('keys.close'))),
  );
}

/** `/`: opens the filters and puts the caret at the end of the search text. */
function focusSearch(main: HTMLElement): void {
  const details = main.querySelector('details');
  if (details) details.open = true;
  const search = document.getElementById('q-q') as HTMLInputElement | null;
  search?.focus();
  search?.setSelectionRange(search.value.length, search.value.length);
}

export interface QueueKeys {
  /** The help dialog, to be placed in the page. */
  readonly dialog: HTMLDialogElement;
  readonly openHelp: () => void;
  /** The document's keydown listener while the queue is shown. */
  readonly onKey: (e: KeyboardEvent) => void;
}

export function createKeys(o: {
  main: HTMLElement;
  state: QueueState;
  list: QueueList;
  selection: QueueSelection;
  setStatus: (status: ReportStatus) => Promise<void>;
  undo: () => boolean;
  say: (text: string) => void;
}): QueueKeys {
  const s = o.state;
  const dialog = helpDialog(s.triage);
  let helpReturn: HTMLElement | null = null;
  const openHelp = (): void => {
    helpReturn = document.activeElement as HTMLElement | null;
    dialog.showModal();
  };
  dialog.addEventListener('close', () => helpReturn?.focus());

  /** Enter outside a link or control opens the selected report. */
  const open = (e: KeyboardEvent): void => {
    const active = document.activeElement;
    if (active && active.closest('a, button, input, summary')) return;
    const r = s.items[s.selected];
    if (r) {
      e.preventDefault();
      navigate(`/personal/rapport/${encodeURIComponent(r.id)}`);
    }
  };

  /** Space in the selected row (outside its checkbox, which ticks itself) ticks the row. */
  const tick = (e: KeyboardEvent): void => {
    if ((document.activeElement as HTMLInputElement | null)?.type === 'checkbox') return;
    e.preventDefault();
    const box = o.list.el.children[s.selected]!.querySelector<HTMLInputElement>('input.queue-check');
    if (box) {
      box.checked = !box.checked;
      box.dispatchEvent(new Event('change'));
      o.say(st(box.checked ? 'queue.checked' : 'queue.unchecked', { id: s.items[s.selected]!.id }));
    }
  };
  const inSelectedRow = (): boolean =>
    s.selected >= 0 && !!o.list.el.children[s.selected]?.contains(document.activeElement);

  const onKey = (e: KeyboardEvent): void => {
    if (
      e.defaultPrevented ||
      e.ctrlKey ||
      e.metaKey ||
      e.altKey ||
      isTyping(e.target) ||
      document.querySelector('dialog[open]')
    )
      return;
    const key = e.key;
    if (key === 'j' || key === 'k') {
      e.preventDefault();
      void o.selection.move(key === 'j' ? 1 : -1);
    } else if (key === '?') {
      e.preventDefault();
      openHelp();
    } else if (key === '/') {
      e.preventDefault();
      focusSearch(o.main);
    } else if (key === 'Enter') {
      open(e);
    } else if (key === ' ' && s.triage && inSelectedRow()) {
      tick(e);
    } else if (s.triage && key === 'u') {
      e.preventDefault();
      if (!o.undo()) o.say(st('queue.nothing_to_undo'));
    } else if (s.triage && STATUS_KEYS[key]) {
      e.preventDefault();
      void o.setStatus(STATUS_KEYS[key]);
    }
  };

  return { dialog, openHelp, onKey };
}
