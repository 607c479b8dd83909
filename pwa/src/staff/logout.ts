// Logging out, and what happens to the inrapporter the user still has waiting on this device.
// They are theirs alone (offline/queue.ts sends, shows and deletes them only for their author), so
// on a shared device the user chooses: keep them for the next time they log in here, or delete them.
import { h } from '../dom';
import { listInrapportOutbox, removeInrapporter } from '../offline/queue';
import { st } from './i18n';
import { forgetDraft } from './inrapport/draft';

export type LogoutChoice = 'keep' | 'delete' | 'cancel';

/** Asks in a modal dialog; resolves when it closes (Escape is `cancel`: stay logged in). */
function ask(waiting: number): Promise<LogoutChoice> {
  const button = (value: LogoutChoice, text: string, cls: string): HTMLButtonElement =>
    h('button', { type: 'submit', value, class: cls }, text);
  const dialog = h(
    'dialog',
    { class: 'staff-dialog', 'aria-labelledby': 'logout-title', 'aria-describedby': 'logout-text' },
    h('h2', { id: 'logout-title' }, st('logout.title')),
    h(
      'div',
      { id: 'logout-text' },
      h('p', {}, st(waiting === 1 ? 'logout.waiting_one' : 'logout.waiting', { n: waiting })),
      h('p', {}, st('logout.question')),
    ),
    h(
      'form',
      { method: 'dialog', class: 'dialog-actions' },
      button('keep', st('logout.keep'), 'btn btn-primary btn-block'),
      button('delete', st('logout.delete'), 'btn btn-block'),
      h('p', { class: 'hint' }, st('logout.delete_note')),
      button('cancel', st('logout.cancel'), 'btn btn-block'),
    ),
  );
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      const v = dialog.returnValue;
      dialog.remove();
      resolve(v === 'keep' || v === 'delete' ? v : 'cancel');
    });
    dialog.showModal();
  });
}

/**
 * Before logging `userId` out: what to do with their inrapporter still on this device. `keep`
 * without asking when there are none; `cancel` means stay logged in.
 */
export async function beforeLogout(userId: number): Promise<LogoutChoice> {
  const waiting = (await listInrapportOutbox(userId).catch(() => [])).length;
  if (!waiting) return 'keep';
  const choice = await ask(waiting);
  if (choice === 'delete') {
    await removeInrapporter(userId);
    forgetDraft();
  }
  return choice;
}
