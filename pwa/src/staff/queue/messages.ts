// The queue's messages, in a bar fixed to the bottom edge (over the map on a wide screen) so that
// it never covers the row the selection moved on to: a polite live region for what went well, an
// alert for what did not (showing one clears the other), and the undo button while a change waits
// out its undo window.
import { h } from '../../dom';

export interface QueueMessages {
  /** The bar, to be placed once in the page. */
  readonly el: HTMLElement;
  readonly say: (text: string) => void;
  readonly warn: (text: string) => void;
  /** Shows the undo button with `label` (what it undoes); null hides it. */
  readonly offerUndo: (label: string | null, onUndo?: () => void) => void;
}

/** Where the bar sits over the list (below this width; above it, the bar is over the map). */
const OVER_LIST = '(max-width: 59.99rem)';

/**
 * `onResize` runs when the bar changes height: the page keeps that much room at the bottom when it
 * scrolls a row into view, so the caller can bring the selected row back out from under it.
 */
export function createMessages(o: { onResize?: () => void } = {}): QueueMessages & { destroy: () => void } {
  const live = h('p', { class: 'queue-live', role: 'status' });
  const alert = h('div', { class: 'queue-alert', role: 'alert' });
  let undo: (() => void) | null = null;
  const undoButton = h(
    'button',
    { type: 'button', class: 'btn btn-small queue-undo', 'aria-keyshortcuts': 'u', hidden: true },
    '',
  );
  undoButton.addEventListener('click', () => undo?.());
  const el = h('div', { class: 'queue-messages' }, live, alert, undoButton);
  const root = document.documentElement;
  const resized = new ResizeObserver(() => {
    const over = matchMedia(OVER_LIST).matches;
    root.style.scrollPaddingBottom = over ? `${Math.ceil(el.getBoundingClientRect().height) + 16}px` : '';
    if (over) o.onResize?.();
  });
  resized.observe(el);
  return {
    el,
    destroy() {
      resized.disconnect();
      root.style.scrollPaddingBottom = '';
    },
    say(text) {
      alert.replaceChildren();
      live.textContent = text;
    },
    warn(text) {
      live.textContent = '';
      alert.replaceChildren(h('p', { class: 'inline-warning' }, text));
    },
    offerUndo(label, onUndo) {
      undo = label ? (onUndo ?? null) : null;
      undoButton.hidden = !label;
      undoButton.textContent = label ?? '';
    },
  };
}
