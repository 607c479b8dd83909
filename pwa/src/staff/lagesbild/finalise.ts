// Finalising (the figures freeze, the text can no longer change) and correcting a final
// lägesbild (a new draft version saying what it corrects). Each asks first in a dialog; nothing
// is sent before the coordinator says yes.
import { type FieldErrors } from '../../api/client';
import { h } from '../../dom';
import { textArea } from '../../ui/form';
import { ask } from '../dialog';
import { staffErrorMessage } from '../login';
import { correct, finalise, type LagesbildDetail } from './api';
import { st } from './i18n';

/** What went wrong, shown in the dialog asked again. */
const refusalText = (e: unknown): HTMLElement =>
  h('p', { class: 'inline-warning', role: 'alert' }, staffErrorMessage(e));

/**
 * Asks, then saves the text if it changed (`saveText`, false when it could not) and finalises.
 * Returns the final lägesbild, or null when the coordinator said no.
 */
export async function askToFinalise(
  id: number,
  unsaved: boolean,
  saveText: () => Promise<boolean>,
): Promise<LagesbildDetail | null> {
  let refusal: HTMLElement | null = null;
  for (;;) {
    const yes = await ask({
      title: st('lb.finalise_title'),
      intro: [
        h('p', {}, st('lb.finalise_freeze')),
        h('p', {}, st('lb.finalise_text')),
        unsaved ? h('p', {}, st('lb.finalise_unsaved')) : null,
        refusal,
      ],
      confirm: st('lb.finalise_confirm'),
      cancel: st('lb.finalise_cancel'),
      className: 'finalise-dialog',
    });
    if (!yes || !(await saveText())) return null;
    try {
      return await finalise(id);
    } catch (e) {
      refusal = refusalText(e);
    }
  }
}

/** Asks what the correction is about; returns the new draft, or null when the coordinator said no. */
export async function askToCorrect(id: number): Promise<LagesbildDetail | null> {
  let note = '';
  let refusal: HTMLElement | null = null;
  for (;;) {
    const yes = await ask({
      title: st('lb.correct_title'),
      intro: [h('p', {}, st('lb.correct_intro')), refusal],
      fields: (errors: FieldErrors) => [
        textArea({
          field: 'note',
          label: st('lb.correct_note'),
          value: note,
          errors: errors['note'],
          rows: 3,
          onInput: (v) => (note = v),
        }),
      ],
      check: () => (note.trim() ? {} : { note: [st('lb.correct_note_missing')] }),
      confirm: st('lb.correct_confirm'),
      cancel: st('lb.finalise_cancel'),
      className: 'correct-dialog',
    });
    if (!yes) return null;
    try {
      return await correct(id, note.trim());
    } catch (e) {
      refusal = refusalText(e);
    }
  }
}
