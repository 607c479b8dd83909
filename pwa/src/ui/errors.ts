import type { ErrorCode } from '../api/client';
import { t } from '../i18n';

/** What to tell the user about a failed request, chosen by error code. */
export function errorMessage(e: { code: ErrorCode }): string {
  switch (e.code) {
    case 'network':
      return t('error.network');
    case 'rate_limited':
      return t('error.rate_limited');
    case 'unavailable':
      return t('error.unavailable');
    case 'request_timeout':
      return t('error.timeout');
    case 'payload_too_large':
      return t('error.too_large');
    case 'validation':
      return t('error.validation');
    case 'not_found':
      return t('error.not_found');
    case 'client_id_reused':
      return t('error.client_id_reused');
    case 'unsupported_photo':
      return t('error.unsupported_photo');
    case 'survey_closed':
      return t('error.survey_closed');
    case 'survey_not_open':
      return t('error.survey_not_open');
    case 'invitation_used':
      return t('error.invitation_used');
    case 'bad_query':
    case 'bad_request':
    case 'method_not_allowed':
    case 'unauthorized':
    case 'forbidden':
    case 'password_change_required':
    case 'cross_site':
    case 'bad_credentials':
    case 'conflict':
    case 'not_retryable':
    case 'slug_taken':
    case 'lagesbild_final':
    case 'lagesbild_draft':
    case 'malformed_json':
    case 'unknown_field':
    case 'unsupported_media_type':
    case 'internal':
    case 'unexpected':
      return t('error.unexpected');
  }
}

/**
 * The text for a refusal kept with a queued item: the server's own message (already in the
 * user's language), except where it speaks to developers and the app has a plainer one.
 */
export function keptErrorText(error: { code: ErrorCode; message: string }): string {
  return error.code === 'client_id_reused' ? t('error.client_id_reused') : error.message;
}
