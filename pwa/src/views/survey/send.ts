import type { FieldErrors } from '../../api/client';
import type { QueuedSurvey } from '../../offline/db';
import { submitSurvey } from '../../offline/queue';
import type { SurveyOutcome } from '../../offline/surveyOutbox';
import { t } from '../../i18n';
import type { Screen } from '../../survey/order';
import {
  answersFitting,
  answersFromSent,
  answersToSend,
  questionOfField,
  shownQuestions,
} from '../../survey/questions';
import { endSession, resetSession } from '../../survey/session';
import { answerErrors, invitationCodeErrors, normalizeInvitationCode } from '../../survey/validate';
import { errorMessage, keptErrorText } from '../../ui/errors';
import type { SurveyFlow } from './context';

/** The first screen with something to fix: the invitation code, a question, or the review itself. */
export function screenForErrors(flow: SurveyFlow, errors: FieldErrors): Screen {
  const fields = Object.keys(errors).filter((f) => errors[f]?.length);
  if (fields.includes('invitation_code')) return { screen: 'intro', review: true };
  const named = new Set(fields.map(questionOfField));
  const first = shownQuestions(flow.survey.definition, flow.session.answers).find((q) => named.has(q.code));
  return first ? { screen: 'question', code: first.code, review: true } : { screen: 'review' };
}

/** Refusals the app words itself, for a resident rather than for a report's public page. */
function ownMessage(field: string, code: string): string | null {
  if (field === 'invitation_code') {
    // The app checks the code's form first: `invalid` from the server means no such code.
    return t(code === 'required' ? 'survey.v.code_missing' : 'survey.v.code_unknown');
  }
  return code === 'personal_data' ? t('survey.v.personal_data') : null;
}

/** The server's messages by field, each replaced by the app's own where it has one for the code. */
function refusalMessages(fields: FieldErrors, codes: FieldErrors = {}): FieldErrors {
  return Object.fromEntries(
    Object.entries(fields).map(([field, messages]) => {
      const own = (codes[field] ?? []).map((code) => ownMessage(field, code)).filter((m) => m !== null);
      return [field, own.length ? own : messages];
    }),
  );
}

/**
 * Opens answers the server refused, to fix them: they become this tab's answers (to the current
 * version of the questions), under the same client_id, with the server's messages.
 */
export function fixKept(flow: SurveyFlow, item: QueuedSurvey): void {
  const fields = refusalMessages(item.error?.fields ?? {}, item.error?.field_codes);
  const errors = Object.keys(fields).length ? fields : { review: [item.error ? keptErrorText(item.error) : ''] };
  flow.session = resetSession(flow.slug, flow.survey.version, {
    client_id: item.client_id,
    answers: answersFitting(flow.survey.definition, answersFromSent(item.body.answers)),
    invitation_code: item.body.invitation_code ?? '',
    serverErrors: errors,
  });
  flow.go(screenForErrors(flow, errors));
}

function queuedItem(flow: SurveyFlow): QueuedSurvey {
  const { session, survey } = flow;
  const code = survey.access === 'invitation' ? normalizeInvitationCode(session.invitation_code) : '';
  return {
    kind: 'survey',
    client_id: session.client_id,
    slug: flow.slug,
    title: survey.definition.title,
    body: {
      client_id: session.client_id,
      version: session.version,
      answers: answersToSend(survey.definition, session.answers),
      ...(code && { invitation_code: code }),
    },
    queued_at: new Date().toISOString(),
    state: 'pending',
  };
}

/**
 * Answers the app can tell are not ready (a required question skipped by going back, a bad code):
 * the screen to fix them on, its errors shown on arrival.
 */
function notReady(flow: SurveyFlow): Screen | null {
  const { session, survey } = flow;
  const codeErrors = survey.access === 'invitation' ? invitationCodeErrors(session.invitation_code) : [];
  if (codeErrors.length) {
    session.serverErrors['invitation_code'] = codeErrors;
    flow.save();
    return { screen: 'intro', review: true };
  }
  const wrong = shownQuestions(survey.definition, session.answers).find(
    (q) => answerErrors(q, session.answers[q.code], flow.areas).length,
  );
  return wrong ? { screen: 'question', code: wrong.code, review: true, check: true } : null;
}

function afterSending(flow: SurveyFlow, outcome: SurveyOutcome): void {
  switch (outcome.kind) {
    case 'sent':
      endSession(flow.slug);
      return flow.go({ screen: 'sent' }, { replace: true });
    case 'queued':
      endSession(flow.slug);
      return flow.go({ screen: 'queued', reason: outcome.error.code }, { replace: true });
    case 'dropped':
      endSession(flow.slug);
      return flow.go({ screen: 'dropped', reason: outcome.error.code }, { replace: true });
    case 'rejected': {
      const fields = refusalMessages(outcome.error.fields, outcome.error.fieldCodes);
      flow.session.serverErrors = Object.keys(fields).length ? fields : { review: [errorMessage(outcome.error)] };
      flow.save();
      return flow.go(screenForErrors(flow, flow.session.serverErrors));
    }
  }
}

/**
 * "Skicka svaren": kept in the outbox first (so nothing is lost if the tab dies), then sent; the
 * thank-you screen says whether they went now or wait on the device.
 */
export async function sendAnswers(
  flow: SurveyFlow,
  button: HTMLButtonElement,
  failed: (e: string) => void,
): Promise<void> {
  if (button.getAttribute('aria-disabled') === 'true') return;
  const fix = notReady(flow);
  if (fix) return flow.go(fix);
  button.setAttribute('aria-disabled', 'true');
  button.textContent = t('survey.sending');
  let outcome: SurveyOutcome;
  try {
    outcome = await submitSurvey(queuedItem(flow));
  } catch {
    // Storage refused (a private window without IndexedDB): nothing was sent or kept.
    return failed(t('survey.storage'));
  }
  afterSending(flow, outcome);
}
