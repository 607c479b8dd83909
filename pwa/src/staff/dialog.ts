// A modal question for the staff views: what will happen, optional fields (e.g. the reason for a
// rejection) checked before it closes, and two answers. Escape and the cancel button answer no;
// nothing is sent until the caller gets `true`.
import type { FieldErrors } from '../api/client';
import { h, type Child } from '../dom';
import { formProblems } from './fields';

let opened = 0;

export function ask(o: {
  title: string;
  /** What happens on yes: paragraphs, a list of what is touched. */
  intro: Child[];
  /** Fields inside the form, drawn again with the errors `check` found. */
  fields?: (errors: FieldErrors) => Child[];
  /** The fields' errors; empty lets the dialog close with yes. */
  check?: () => FieldErrors;
  confirm: string;
  cancel: string;
  /** A class for the dialog, e.g. for tests and styles. */
  className?: string;
}): Promise<boolean> {
  const n = ++opened;
  const titleId = `ask-title-${n}`;
  const introId = `ask-intro-${n}`;
  const fieldsEl = h('div', {});
  const drawFields = (errors: FieldErrors): void =>
    fieldsEl.replaceChildren(...(o.fields?.(errors) ?? []).filter((c): c is Node | string => !!c));
  const confirmButton = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, o.confirm);
  const cancelButton = h('button', { type: 'button', class: 'btn btn-block' }, o.cancel);
  const problems = h('div', {});
  const dialog = h(
    'dialog',
    {
      class: `staff-dialog ${o.className ?? ''}`,
      'aria-labelledby': titleId,
      'aria-describedby': introId,
    },
    h('h2', { id: titleId }, o.title),
    h('div', { id: introId, class: 'dialog-intro' }, ...o.intro),
    h(
      'form',
      {
        novalidate: true,
        class: 'dialog-form',
        onsubmit: (e) => {
          e.preventDefault();
          const errors = o.check?.() ?? {};
          if (Object.keys(errors).length) {
            problems.replaceChildren(formProblems('', errors) ?? '');
            drawFields(errors);
            problems.querySelector<HTMLElement>('.error-summary')?.focus();
            return;
          }
          dialog.close('yes');
        },
      },
      problems,
      fieldsEl,
      h('div', { class: 'dialog-actions' }, confirmButton, cancelButton),
    ),
  );
  drawFields({});
  cancelButton.addEventListener('click', () => dialog.close('no'));
  const returnTo = document.activeElement as HTMLElement | null;
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      const yes = dialog.returnValue === 'yes';
      dialog.remove();
      if (returnTo?.isConnected) returnTo.focus();
      resolve(yes);
    });
    dialog.showModal();
    // With fields the first field has the focus; without, the safe answer has it, so that a held
    // or stray Enter does not say yes.
    if (!o.fields) cancelButton.focus();
  });
}
