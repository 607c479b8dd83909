import type { ErrorCode } from '../api/client';
import { t } from '../i18n';
import { errorMessage } from '../ui/errors';

/** Why the server will never take these answers (see `offline/surveyOutbox.ts`), in the user's words. */
export function surveyRefusal(code: ErrorCode): string {
  switch (code) {
    case 'client_id_reused':
      return t('survey.already_received');
    case 'not_found':
      return t('survey.gone');
    default:
      return errorMessage({ code });
  }
}
