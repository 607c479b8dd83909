import type { ApiError } from '../api/client';
import { t } from '../i18n';

/** What to tell the user about a failed request, chosen by error code. */
export function errorMessage(e: ApiError): string {
  switch (e.code) {
    case 'network':
      return t('error.network');
    case 'rate_limited':
      return t('error.rate_limited');
    case 'unavailable':
      return t('error.unavailable');
    case 'payload_too_large':
      return t('error.too_large');
    case 'validation':
      return t('error.validation');
    case 'not_found':
      return t('error.not_found');
    case 'bad_query':
    case 'unauthorized':
    case 'forbidden':
    case 'password_change_required':
    case 'cross_site':
    case 'bad_credentials':
    case 'conflict':
    case 'malformed_json':
    case 'unknown_field':
    case 'unsupported_media_type':
    case 'unexpected':
      return t('error.unexpected');
  }
}
