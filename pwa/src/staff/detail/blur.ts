// "Sudda ut ett område": the photo's display version with rectangles over it. Drawn by dragging
// (pointer events: finger, pen or mouse), or from the keyboard: "Lägg till ett område" puts one in
// the middle, and on it the arrow keys move it and Shift with the arrow keys changes its size.
// The rectangles are fractions of the photo's width and height, as the server takes them.
import type { BlurRect, PhotoView } from '../../api/types';
import { h } from '../../dom';
import { formProblems } from '../fields';
import { st } from '../i18n';
import { staffErrorMessage } from '../login';

/** How far one key press moves or resizes a rectangle, and the smallest one kept. */
const STEP = 0.02;
const MIN = 0.02;

export interface BlurEditorOptions {
  photo: PhotoView;
  /** The photo's number on the page ("Bild 1"). */
  n: number;
  /** Sends the rectangles; a failure is shown in the editor. */
  submit: (rects: BlurRect[]) => Promise<void>;
  cancel: () => void;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const round = (v: number): number => Math.round(v * 10_000) / 10_000;
const percent = (v: number): number => Math.round(v * 100);

/** Keeps a rectangle inside the photo and not smaller than `MIN`. */
function fit(r: BlurRect): BlurRect {
  const width = clamp(r.width, MIN, 1);
  const height = clamp(r.height, MIN, 1);
  return { x: clamp(r.x, 0, 1 - width), y: clamp(r.y, 0, 1 - height), width, height };
}

/** The rectangle an arrow key (with Shift: a resize) makes of `r`; null for any other key. */
function moved(r: BlurRect, key: string, resize: boolean): BlurRect | null {
  const dx = key === 'ArrowRight' ? STEP : key === 'ArrowLeft' ? -STEP : 0;
  const dy = key === 'ArrowDown' ? STEP : key === 'ArrowUp' ? -STEP : 0;
  if (!dx && !dy) return null;
  return fit(resize ? { ...r, width: r.width + dx, height: r.height + dy } : { ...r, x: r.x + dx, y: r.y + dy });
}

const describe = (r: BlurRect, i: number): string =>
  st('blur.area', { n: i + 1, x: percent(r.x), y: percent(r.y), w: percent(r.width), h: percent(r.height) });

/** One rectangle over the photo: its place in words, and arrow keys that call `move` with the next one. */
function rectButton(r: BlurRect, i: number, keysId: string, move: (next: BlurRect) => void): HTMLButtonElement {
  const box = h('button', {
    type: 'button',
    class: 'blur-rect',
    'aria-label': describe(r, i),
    'aria-describedby': keysId,
  });
  Object.assign(box.style, {
    left: `${r.x * 100}%`,
    top: `${r.y * 100}%`,
    width: `${r.width * 100}%`,
    height: `${r.height * 100}%`,
  });
  box.addEventListener('keydown', (e) => {
    const next = moved(r, e.key, e.shiftKey);
    if (!next) return;
    e.preventDefault();
    move(next);
  });
  return box;
}

/** "Sudda ut": sends the rectangles (rounded), or asks for one first; a failure is shown in `problems`. */
function sendButton(rects: BlurRect[], o: BlurEditorOptions, problems: HTMLElement): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'btn btn-primary' }, st('blur.submit'));
  const show = (message: string): void => {
    problems.replaceChildren(formProblems(message, {}) ?? '');
    problems.querySelector<HTMLElement>('.error-summary')?.focus();
  };
  button.addEventListener('click', () => {
    if (button.getAttribute('aria-disabled') === 'true') return;
    if (!rects.length) return show(st('blur.none'));
    button.setAttribute('aria-disabled', 'true');
    button.textContent = st('photos.busy');
    const sent = rects.map((r) => ({ x: round(r.x), y: round(r.y), width: round(r.width), height: round(r.height) }));
    o.submit(sent).catch((e: unknown) => {
      button.removeAttribute('aria-disabled');
      button.textContent = st('blur.submit');
      show(staffErrorMessage(e));
    });
  });
  return button;
}

export function blurEditor(o: BlurEditorOptions): HTMLElement {
  const rects: BlurRect[] = [];
  const base = `blur-${o.photo.id}`;
  const image = h('img', { src: o.photo.url, alt: st('photos.photo', { n: o.n }), draggable: 'false' });
  const stage = h('div', { class: 'blur-stage' }, image);
  const status = h('p', { class: 'status-text', role: 'status' });
  const problems = h('div', {});
  const list = h('ul', { class: 'blur-list', 'aria-label': st('blur.areas') });
  const addButton = h('button', { type: 'button', class: 'btn' }, st('blur.add'));

  const removeButton = (i: number): HTMLElement =>
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-small',
        onclick: () => {
          rects.splice(i, 1);
          draw();
          status.textContent = st('blur.removed', { n: i + 1 });
          addButton.focus();
        },
      },
      st('blur.remove', { n: i + 1 }),
    );

  const draw = (focus?: number): void => {
    const move = (i: number) => (next: BlurRect) => {
      rects[i] = next;
      draw(i);
      status.textContent = describe(next, i);
    };
    stage.replaceChildren(image, ...rects.map((r, i) => rectButton(r, i, `${base}-keys`, move(i))));
    list.replaceChildren(...rects.map((_, i) => h('li', {}, removeButton(i))));
    if (focus !== undefined) stage.querySelectorAll<HTMLElement>('.blur-rect')[focus]?.focus();
  };

  drawByPointer(stage, image, {
    start: (r) => rects.push(r) - 1,
    update: (i, r) => {
      rects[i] = r;
      draw();
    },
    end: (i) => {
      const r = rects[i];
      // A tap, not a drag: no rectangle.
      if (r && (r.width < MIN || r.height < MIN)) rects.splice(i, 1);
      else if (r) status.textContent = describe(r, i);
      draw();
    },
  });

  addButton.addEventListener('click', () => {
    const added = { x: 0.35, y: 0.35, width: 0.3, height: 0.3 };
    rects.push(added);
    draw(rects.length - 1);
    status.textContent = describe(added, rects.length - 1);
  });
  const submitButton = sendButton(rects, o, problems);

  return h(
    'div',
    { class: 'blur-editor', role: 'group', 'aria-labelledby': `${base}-title` },
    h('h3', { id: `${base}-title`, tabindex: '-1' }, st('blur.title', { n: o.n })),
    h('p', { class: 'hint' }, st('blur.help')),
    h('p', { class: 'hint', id: `${base}-keys` }, st('blur.keys')),
    problems,
    stage,
    status,
    list,
    h(
      'div',
      { class: 'button-row' },
      addButton,
      submitButton,
      h('button', { type: 'button', class: 'btn', onclick: o.cancel }, st('blur.cancel')),
    ),
  );
}

/**
 * Dragging on the photo draws a rectangle from where the pointer went down to where it is; the
 * pointer is captured, so the drag goes on outside the photo (clamped to its edges).
 */
function drawByPointer(
  stage: HTMLElement,
  image: HTMLImageElement,
  on: { start: (r: BlurRect) => number; update: (i: number, r: BlurRect) => void; end: (i: number) => void },
): void {
  let drag: { pointer: number; index: number; x: number; y: number } | null = null;
  const at = (e: PointerEvent): { x: number; y: number } => {
    const box = image.getBoundingClientRect();
    return {
      x: clamp((e.clientX - box.left) / box.width, 0, 1),
      y: clamp((e.clientY - box.top) / box.height, 0, 1),
    };
  };
  const span = (from: { x: number; y: number }, to: { x: number; y: number }): BlurRect => ({
    x: Math.min(from.x, to.x),
    y: Math.min(from.y, to.y),
    width: Math.abs(to.x - from.x),
    height: Math.abs(to.y - from.y),
  });
  stage.addEventListener('pointerdown', (e) => {
    if (drag || e.button !== 0) return;
    e.preventDefault();
    stage.setPointerCapture(e.pointerId);
    const from = at(e);
    drag = { pointer: e.pointerId, index: on.start(span(from, from)), ...from };
  });
  stage.addEventListener('pointermove', (e) => {
    if (drag?.pointer === e.pointerId) on.update(drag.index, span(drag, at(e)));
  });
  const finish = (e: PointerEvent): void => {
    if (drag?.pointer !== e.pointerId) return;
    on.end(drag.index);
    drag = null;
  };
  stage.addEventListener('pointerup', finish);
  stage.addEventListener('pointercancel', finish);
}
