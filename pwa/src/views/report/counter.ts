import { h } from '../../dom';
import { t } from '../../i18n';

/** "12 av 2000 tecken", tied to its field by aria-describedby; counts characters as the server does. */
export function charCounter(
  id: string,
  max: number,
  initial: string,
): { el: HTMLElement; update: (v: string) => void } {
  const el = h('p', { class: 'counter', id });
  const update = (v: string): void => {
    const n = [...v.trim()].length;
    el.textContent = n > max ? t('form.count_over', { n: n - max, max }) : t('form.count', { n, max });
    el.classList.toggle('over', n > max);
  };
  update(initial);
  return { el, update };
}
