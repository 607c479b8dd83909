import { formatDate, formatDateTime } from '../i18n';

/** Whether an instant is midnight in Stockholm, the municipality's (and the server's mails') time. */
function isMidnightInStockholm(iso: string): boolean {
  const time = new Intl.DateTimeFormat('sv-SE', { timeStyle: 'short', timeZone: 'Europe/Stockholm' }).format(
    new Date(iso),
  );
  return time === '00:00';
}

/**
 * The last day answers are taken, for "Svara senast …": a survey closing at midnight closes as
 * the day before ends, so that day is named; any other time is given as it is.
 */
export function lastDay(closesAt: string): string {
  if (!isMidnightInStockholm(closesAt)) return formatDateTime(closesAt);
  return formatDate(new Date(new Date(closesAt).getTime() - 60_000).toISOString());
}
