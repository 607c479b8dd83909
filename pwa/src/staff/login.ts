import { ApiError, type FieldErrors } from '../api/client';
import type { Me } from '../api/types';
import { h } from '../dom';
import { navigate, type View } from '../router';
import { errorMessage } from '../ui/errors';
import { textInput } from '../ui/form';
import { heading, loading } from '../ui/page';
import { changePassword, login } from './api';
import { busyForm, formProblems } from './fields';
import { st } from './i18n';
import { currentUser, homeFor, loggedIn, staffPage } from './session';

const PASSWORD_MIN = 12;

/** `next` from the query string, only if it is a staff path of this app. */
function nextPath(me: Me): string {
  const next = new URLSearchParams(location.search).get('next');
  return next && /^\/personal\/[^/]/.test(next) && !next.startsWith('/personal/logga-in') ? next : homeFor(me);
}

export function staffErrorMessage(e: unknown): string {
  if (!(e instanceof ApiError)) return st('error.unexpected');
  switch (e.code) {
    case 'bad_credentials':
      return st('error.bad_credentials');
    case 'rate_limited':
      return st('error.login_rate_limited');
    case 'unauthorized':
      return st('error.unauthorized');
    case 'forbidden':
      return st('error.forbidden');
    case 'password_change_required':
      return st('error.password_change_required');
    case 'cross_site':
      return st('error.cross_site');
    case 'conflict':
      return st('error.conflict');
    default:
      return errorMessage(e);
  }
}

export const loginView: View = async ({ main }) => {
  loading(main);
  const me = await currentUser().catch(() => null);
  if (me && !me.must_change_password) {
    navigate(nextPath(me), { replace: true });
    return;
  }
  let email = '';
  let password = '';
  let errors: FieldErrors = {};
  let message = '';
  const render = (): void => {
    const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, st('login.submit'));
    const onSubmit = async (): Promise<void> => {
      errors = {};
      message = '';
      if (!email.trim()) errors['email'] = [st('login.email_missing')];
      if (!password) errors['password'] = [st('login.password_missing')];
      if (Object.keys(errors).length) return show(true);
      try {
        const user = await login(email.trim(), password);
        await loggedIn(user);
        navigate(
          user.must_change_password ? `/personal/losenord?next=${encodeURIComponent(nextPath(user))}` : nextPath(user),
        );
      } catch (err) {
        message = staffErrorMessage(err);
        password = '';
        show(true);
      }
    };
    const form = busyForm(
      { button, busyText: st('login.busy'), onSubmit },
      textInput({
        field: 'email',
        label: st('login.email'),
        type: 'email',
        autocomplete: 'username',
        value: email,
        errors: errors['email'],
        onInput: (v) => (email = v),
      }),
      textInput({
        field: 'password',
        label: st('login.password'),
        type: 'password',
        autocomplete: 'current-password',
        value: password,
        errors: errors['password'],
        onInput: (v) => (password = v),
      }),
      button,
    );
    main.replaceChildren(
      heading(st('login.title')),
      h('p', {}, st('login.intro')),
      formProblems(message, errors) ?? '',
      form,
    );
  };
  const show = (focusError: boolean): void => {
    render();
    if (focusError) main.querySelector<HTMLElement>('.error-summary')?.focus();
  };
  render();
};

export const passwordView: View = async ({ main }) => {
  loading(main);
  const me = await currentUser().catch(() => null);
  if (!me) {
    navigate(`/personal/logga-in?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
    return;
  }
  const values = { current: '', next: '', repeat: '' };
  let errors: FieldErrors = {};
  let message = '';
  const render = (): void => {
    const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, st('password.submit'));
    const onSubmit = async (): Promise<void> => {
      errors = {};
      message = '';
      if (!values.current) errors['current_password'] = [st('password.current_missing')];
      if ([...values.next].length < PASSWORD_MIN)
        errors['new_password'] = [st('password.too_short', { n: PASSWORD_MIN })];
      else if (values.next !== values.repeat) errors['repeat_password'] = [st('password.mismatch')];
      if (Object.keys(errors).length) return show();
      try {
        await changePassword(values.current, values.next);
        const updated = { ...me, must_change_password: false };
        await loggedIn(updated);
        navigate(nextPath(updated));
      } catch (err) {
        if (err instanceof ApiError && Object.keys(err.fields).length) errors = err.fields;
        else message = staffErrorMessage(err);
        show();
      }
    };
    const form = busyForm(
      { button, busyText: st('login.busy'), onSubmit },
      textInput({
        field: 'current_password',
        label: st('password.current'),
        type: 'password',
        autocomplete: 'current-password',
        value: values.current,
        errors: errors['current_password'],
        onInput: (v) => (values.current = v),
      }),
      textInput({
        field: 'new_password',
        label: st('password.new'),
        hint: st('password.new_hint', { n: PASSWORD_MIN }),
        type: 'password',
        autocomplete: 'new-password',
        value: values.next,
        errors: errors['new_password'],
        onInput: (v) => (values.next = v),
      }),
      textInput({
        field: 'repeat_password',
        label: st('password.repeat'),
        type: 'password',
        autocomplete: 'new-password',
        value: values.repeat,
        errors: errors['repeat_password'],
        onInput: (v) => (values.repeat = v),
      }),
      button,
    );
    const content = [
      heading(st('password.title')),
      h('p', {}, me.must_change_password ? st('password.required') : st('password.intro')),
      formProblems(message, errors),
      form,
    ];
    if (me.must_change_password) main.replaceChildren(...content.filter((c): c is HTMLElement => c !== null));
    else staffPage(main, me, '', ...content);
  };
  const show = (): void => {
    render();
    main.querySelector<HTMLElement>('.error-summary')?.focus();
  };
  render();
};

/** `/personal`: to the user's start page, or to login. */
export const staffHomeView: View = async ({ main }) => {
  loading(main);
  const me = await currentUser().catch(() => null);
  navigate(me ? (me.must_change_password ? '/personal/losenord' : homeFor(me)) : '/personal/logga-in', {
    replace: true,
  });
};
