// Sending the inrapport: the form's own checks, then the outbox (which sends it now or keeps it
// for later); the answer is either messages for the form or the banner to show above a fresh one.
import type { FieldErrors } from '../../api/client';
import { t } from '../../i18n';
import { submitInrapport } from '../../offline/queue';
import { staffErrorMessage } from '../login';
import { resultBanner } from './banners';
import { check, toInrapport } from './convert';
import type { InrapportDraft } from './draft';

export type SendResult =
  /** Not sent: the messages by field; `remember` keeps them with the stored draft. */
  | { kind: 'refused'; errors: FieldErrors; remember: boolean }
  /** Sent, or queued to be sent: the form starts afresh under `banner`. */
  | { kind: 'done'; banner: HTMLElement };

/**
 * `userId`: the author, who alone may send it (now or from the outbox later). `linkReports`: link
 * the registration numbers in the banner (for those who may open them).
 */
export async function sendDraft(d: InrapportDraft, userId: number, linkReports: boolean): Promise<SendResult> {
  const own = check(d);
  if (Object.keys(own).length) return { kind: 'refused', errors: own, remember: true };
  let outcome;
  try {
    const eventPhotos = d.nothing_to_report ? [] : d.events.map((e) => e.photos ?? []);
    outcome = await submitInrapport(toInrapport(d), structuredClone(d), userId, eventPhotos);
  } catch {
    return { kind: 'refused', errors: { form: [t('error.storage')] }, remember: false };
  }
  if (outcome.kind === 'rejected') {
    const fields = outcome.error.fields;
    const errors = Object.keys(fields).length ? fields : { form: [staffErrorMessage(outcome.error)] };
    return { kind: 'refused', errors, remember: true };
  }
  return { kind: 'done', banner: resultBanner(outcome, linkReports) };
}
