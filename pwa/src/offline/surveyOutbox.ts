import { asApiError, type ApiError, type ErrorCode } from '../api/client';
import { postSurveyResponse } from '../api/endpoints';
import { openDb, type QueuedSurvey } from './db';

export type SurveyOutcome =
  | { kind: 'sent' }
  /** No answer, overload or a server fault: it waits in the outbox for the next try. */
  | { kind: 'queued'; error: ApiError }
  /** Kept, marked to fix (a wrong answer or invitation code): the user opens it again. */
  | { kind: 'rejected'; error: ApiError; item: QueuedSurvey }
  /** Gone from the outbox, as it was with why (`error`): sending it again could never be taken. */
  | { kind: 'dropped'; error: ApiError; item: QueuedSurvey };

/**
 * Refusals no change to the answers can turn: the survey closed (or is gone, or not open), the
 * invitation code was spent, or the server holds other answers under this client_id (from this
 * device, so sending these too would count one person twice).
 */
const FINAL: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'survey_closed',
  'survey_not_open',
  'invitation_used',
  'client_id_reused',
  'not_found',
]);

/** Sends one queued survey answer and applies the outcome to the outbox. */
export async function sendSurvey(item: QueuedSurvey): Promise<SurveyOutcome> {
  try {
    await postSurveyResponse(item.slug, item.body);
  } catch (e) {
    const error = asApiError(e);
    if (error.transient) return { kind: 'queued', error };
    const db = await openDb();
    const kept: QueuedSurvey = {
      ...item,
      state: 'rejected',
      error: { code: error.code, message: error.message, fields: error.fields, field_codes: error.fieldCodes },
    };
    if (FINAL.has(error.code)) {
      await db.delete('outbox', item.client_id);
      return { kind: 'dropped', error, item: kept };
    }
    await db.put('outbox', kept);
    return { kind: 'rejected', error, item: kept };
  }
  await (await openDb()).delete('outbox', item.client_id);
  return { kind: 'sent' };
}
