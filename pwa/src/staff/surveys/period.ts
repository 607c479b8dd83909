// A survey's period is chosen as whole days in Swedish time: it opens at the start of its first
// day and closes at the end of its last, wherever the coordinator's computer happens to be.
const TIME_ZONE = 'Europe/Stockholm';

/** Today in Swedish time, `YYYY-MM-DD` (the Swedish locale writes dates that way). */
export const today = (): string => new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE }).format(new Date());

/** The day (`YYYY-MM-DD`, Swedish time) an instant falls on. */
export const dayOf = (iso: string): string =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE }).format(new Date(iso));

/** `days` after the day `day`. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Swedish time's offset from UTC on `day`, "+01:00" or "+02:00" (taken at noon, away from the change). */
function offsetOn(day: string): string {
  const name = new Intl.DateTimeFormat('en', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' })
    .formatToParts(new Date(`${day}T12:00:00Z`))
    .find((p) => p.type === 'timeZoneName')?.value;
  return name?.replace('GMT', '') || '+00:00';
}

export const startOf = (day: string): string => `${day}T00:00:00${offsetOn(day)}`;
export const endOf = (day: string): string => `${day}T23:59:59${offsetOn(day)}`;
