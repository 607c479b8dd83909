import { h, type Child } from '../dom';
import { t } from '../i18n';

/** The page's h1 (focus target after navigation) and the document title. */
export function heading(text: string, prefix?: string): HTMLHeadingElement {
  document.title = `${text} – ${t('app.name')}`;
  return h('h1', { tabindex: '-1' }, prefix ? h('span', { class: 'step-count' }, prefix) : null, text);
}

export function loading(main: HTMLElement): void {
  main.replaceChildren(h('p', { class: 'loading', role: 'status' }, t('common.loading')));
}

/** A failure that leaves the page without content, with a way to try again. */
export function failure(main: HTMLElement, title: string, text: string, retry?: () => void): void {
  main.replaceChildren(
    heading(title),
    h('p', {}, text),
    retry ? h('button', { type: 'button', class: 'btn btn-primary', onclick: retry }, t('common.retry')) : '',
    h('p', {}, h('a', { href: '/' }, t('common.to_start'))),
  );
}

export function section(title: string, ...content: Child[]): HTMLElement {
  return h('section', {}, h('h2', {}, title), ...content);
}
