// Invitation codes for a survey answered by invitation: how many, then the codes to copy or print.
// Trygg keeps only their digests, so they are shown this once, and the page says so.
import { ApiError, type FieldErrors } from '../../api/client';
import { h } from '../../dom';
import { textInput } from '../../ui/form';
import { busyForm, formProblems } from '../fields';
import { st } from './i18n';
import { staffErrorMessage } from '../login';
import { inviteToSurvey, type InvitationCodes } from './api';

const MAX_CODES = 5000;

/** Prints the codes alone: the print stylesheet shows only them while `printing-codes` is set. */
function printCodes(): void {
  document.body.classList.add('printing-codes');
  window.addEventListener('afterprint', () => document.body.classList.remove('printing-codes'), { once: true });
  window.print();
}

function codesCard(made: InvitationCodes): HTMLElement {
  const list = made.codes.join('\n');
  const copied = h('p', { role: 'status', class: 'hint' });
  return h(
    'div',
    { class: 'invitation-codes' },
    h('p', { class: 'inline-warning' }, st('invite.once')),
    h('h3', { id: 'codes-title', tabindex: '-1' }, st('invite.codes', { n: made.codes.length })),
    h('p', { class: 'print-only' }, st('invite.print_intro', { url: made.answer_url })),
    h(
      'ol',
      { class: 'code-list', 'aria-labelledby': 'codes-title' },
      made.codes.map((c) => h('li', {}, h('code', {}, c))),
    ),
    h(
      'div',
      { class: 'button-row no-print' },
      h(
        'button',
        {
          type: 'button',
          class: 'btn',
          onclick: () =>
            void navigator.clipboard.writeText(list).then(
              () => (copied.textContent = st('invite.copied', { n: made.codes.length })),
              () => (copied.textContent = st('invite.copy_failed')),
            ),
        },
        st('invite.copy'),
      ),
      h('button', { type: 'button', class: 'btn', onclick: printCodes }, st('invite.print')),
    ),
    copied,
  );
}

/** The invitation card: a count, and after making them, the codes. */
export function invitationsCard(slug: string): HTMLElement {
  const card = h('section', { class: 'card invitations', 'aria-labelledby': 'invite-title' });
  let count = '100';
  const draw = (errors: FieldErrors, message: string, made: InvitationCodes | null): void => {
    const button = h('button', { type: 'submit', class: 'btn btn-primary' }, st('invite.make'));
    const onSubmit = async (): Promise<void> => {
      const n = Number(count);
      if (!Number.isInteger(n) || n < 1 || n > MAX_CODES)
        return show({ count: [st('invite.e_count', { max: MAX_CODES })] }, '', null);
      try {
        draw({}, '', await inviteToSurvey(slug, n));
        card.querySelector<HTMLElement>('#codes-title')?.focus();
      } catch (e) {
        if (e instanceof ApiError && e.fields['count'])
          show({ count: [st('invite.e_count', { max: MAX_CODES })] }, '', null);
        else show({}, staffErrorMessage(e), null);
      }
    };
    card.replaceChildren(
      h('h2', { id: 'invite-title' }, st('invite.title')),
      h('p', {}, st('invite.intro')),
      formProblems(message, errors) ?? '',
      busyForm(
        { button, busyText: st('builder.saving'), onSubmit },
        textInput({
          field: 'count',
          label: st('invite.count'),
          hint: st('invite.count_hint', { max: MAX_CODES }),
          type: 'number',
          inputmode: 'numeric',
          value: count,
          errors: errors['count'],
          onInput: (v) => (count = v),
        }),
        button,
      ),
      made ? codesCard(made) : '',
    );
  };
  const show = (errors: FieldErrors, message: string, made: InvitationCodes | null): void => {
    draw(errors, message, made);
    card.querySelector<HTMLElement>('.error-summary')?.focus();
  };
  draw({}, '', null);
  return card;
}
