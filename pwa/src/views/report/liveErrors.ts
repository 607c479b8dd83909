import { fieldId } from '../../ui/form';

/**
 * Takes a field's error off the page as soon as the field is valid: the "Fel: …" message, the red
 * bar, the links to it from aria-describedby, and its line in the summary (the summary itself
 * once it is empty). Errors are only ever added by "Nästa" or the server, never while typing.
 */
export function clearFieldError(root: HTMLElement, field: string): void {
  const errorId = `${fieldId(field)}-error`;
  const message = root.querySelector(`#${CSS.escape(errorId)}`);
  message?.closest('.field-invalid')?.classList.remove('field-invalid');
  message?.remove();
  for (const el of root.querySelectorAll(`[aria-describedby~="${errorId}"]`)) {
    const rest = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id && id !== errorId);
    if (rest.length) el.setAttribute('aria-describedby', rest.join(' '));
    else el.removeAttribute('aria-describedby');
  }
  root.querySelector(`#${CSS.escape(fieldId(field))}`)?.removeAttribute('aria-invalid');
  const summary = root.querySelector('.error-summary');
  summary
    ?.querySelector(`a[href="#${CSS.escape(fieldId(field))}"]`)
    ?.closest('li')
    ?.remove();
  if (summary && !summary.querySelector('li')) summary.remove();
}
