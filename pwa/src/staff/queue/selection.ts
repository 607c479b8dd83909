// The selected row: one at a time, shown in the list (and on the map), followed by the focus,
// moved by j/k, by "Visa fler" (to the first new row) and by a pick on the map. Moving past the
// last row loads the next page. Moves run one after another, in the order the keys came: under a
// held `j` the presses that arrive while a page loads wait for it, then step on through its rows.
import type { QueueList } from './list';
import type { QueueState } from './state';

export interface QueueSelection {
  /** Selects row `i`; with `focus`, also focuses its link and scrolls it into view. */
  readonly set: (i: number, focus: boolean) => void;
  /** Scrolls the selected row into view again (e.g. out from under the message bar). */
  readonly reveal: () => void;
  /** Moves the selection by `delta` rows (j: 1, k: -1), loading the next page at the end. */
  readonly move: (delta: number) => Promise<void>;
}

export function createSelection(s: QueueState, list: QueueList): QueueSelection {
  const reveal = (): void => list.el.children[s.selected]?.scrollIntoView({ block: 'nearest' });
  const set = (i: number, focus: boolean): void => {
    const previous = s.selected;
    s.selected = i;
    for (const j of [previous, i]) {
      const li = list.el.children[j];
      if (!li) continue;
      li.classList.toggle('is-selected', j === i);
      const a = li.querySelector('a.queue-link');
      if (j === i) a?.setAttribute('aria-current', 'true');
      else a?.removeAttribute('aria-current');
    }
    if (focus) {
      list.rowLink(i)?.focus({ preventScroll: true });
      reveal();
    }
    s.map?.select(s.items[i]?.id ?? null);
  };

  const step = async (delta: number): Promise<void> => {
    if (!s.items.length) return;
    let next = s.selected < 0 ? 0 : s.selected + delta;
    if (next >= s.items.length) {
      if (!(await list.loadMore())) next = s.items.length - 1;
    }
    set(Math.max(0, Math.min(next, s.items.length - 1)), true);
  };
  let queue: Promise<void> = Promise.resolve();
  const move = (delta: number): Promise<void> => {
    queue = queue.then(() => step(delta));
    return queue;
  };

  const showMore = async (): Promise<void> => {
    if (list.more.getAttribute('aria-disabled') === 'true') return;
    const first = s.items.length;
    if (await list.loadMore()) set(first, true);
  };
  list.more.addEventListener('click', () => void showMore());

  // Tabbing (or clicking) into a row selects it.
  list.el.addEventListener('focusin', (e) => {
    const li = (e.target as HTMLElement).closest('li.queue-row');
    const i = li ? Array.prototype.indexOf.call(list.el.children, li) : -1;
    if (i >= 0 && i !== s.selected) set(i, false);
  });

  return { set, move, reveal };
}
