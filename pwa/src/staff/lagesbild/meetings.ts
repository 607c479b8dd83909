// The next EST meeting, and the group's calendar to subscribe to in Outlook: a webcal link that
// opens the calendar program, and the address to copy for Outlook on the web.
import { h } from '../../dom';
import { getLang } from '../../i18n';
import { calendarUrl, type Meeting } from './api';
import { st } from './i18n';

const meetingTime = (iso: string): string =>
  new Intl.DateTimeFormat(getLang() === 'en' ? 'en-GB' : 'sv-SE', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Stockholm',
  }).format(new Date(iso));

function copyButton(input: HTMLInputElement, said: HTMLElement): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small',
      onclick: () => {
        navigator.clipboard.writeText(input.value).then(
          () => (said.textContent = st('lb.copied')),
          () => {
            said.textContent = st('lb.copy_failed');
            input.select();
          },
        );
      },
    },
    st('lb.copy'),
  );
}

export function meetingsCard(meetings: Meeting[], group = 'est'): HTMLElement {
  const next = meetings.find((m) => m.group === group);
  const address = new URL(calendarUrl(group), location.origin).href;
  const input = h('input', {
    id: 'calendar-address',
    type: 'text',
    readonly: true,
    value: address,
    class: 'lb-address',
    'aria-describedby': 'calendar-hint',
  });
  const said = h('p', { role: 'status', class: 'hint' });
  return h(
    'section',
    { class: 'card lb-meetings', 'aria-labelledby': 'meetings-title' },
    h('h2', { id: 'meetings-title' }, st('lb.meetings')),
    h('p', {}, next ? st('lb.next_meeting', { date: meetingTime(next.starts_at) }) : st('lb.no_meeting')),
    h('p', {}, h('a', { href: address.replace(/^https?:/, 'webcal:') }, st('lb.subscribe'))),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'calendar-address' }, st('lb.calendar_address')),
      h('p', { class: 'hint', id: 'calendar-hint' }, st('lb.calendar_hint')),
      h('div', { class: 'lb-copy-row' }, input, copyButton(input, said)),
      said,
    ),
  );
}
