import type { ErrorCode, FieldErrors } from '../../api/client';
import { getAreas, getPublicConfig, getResidentCategories } from '../../api/endpoints';
import { h } from '../../dom';
import { t } from '../../i18n';
import { getReport, submit, type SendOutcome } from '../../offline/queue';
import {
  firstInvalidStep,
  formErrors,
  stepOf,
  STEPS,
  toRequest,
  validateStep,
  type Step,
  type ValidationContext,
} from '../../report/draft';
import { draft, serverErrors, startOver } from '../../report/session';
import { navigate, rerender, type Cleanup, type View } from '../../router';
import { errorMessage } from '../../ui/errors';
import { errorSummary } from '../../ui/form';
import { failure, heading, loading } from '../../ui/page';
import { emergencyNotice } from '../home';
import type { FlowData, StepRenderer } from './context';
import { describeStep } from './describe';
import { queuedScreen, receiptScreen } from './done';
import { reviewStep } from './review';
import { whatStep } from './what';
import { whenStep } from './when';
import { whereStep } from './where';

const RENDERERS: Record<Step, StepRenderer> = {
  where: whereStep,
  what: whatStep,
  when: whenStep,
  describe: describeStep,
  review: reviewStep,
};

/** What `history.state` holds for /rapportera. */
interface FlowState {
  step?: number;
  receipt?: string;
  queued?: boolean;
  reason?: ErrorCode;
}

const goTo = (step: number): void => navigate('/rapportera', { state: { step } satisfies FlowState });

function newReport(): void {
  startOver();
  goTo(0);
}

function errorsOn(step: Step, errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([f]) => stepOf(f) === step));
}

async function send(button: HTMLButtonElement, rerenderWith: (errors: FieldErrors) => void): Promise<void> {
  if (button.getAttribute('aria-disabled') === 'true') return;
  button.setAttribute('aria-disabled', 'true');
  button.textContent = t('report.sending');
  const d = draft();
  const body = toRequest(d);
  let outcome: SendOutcome;
  try {
    outcome = await submit(body, structuredClone(d));
  } catch {
    // Storage refused (e.g. a private window without IndexedDB): nothing was sent or kept.
    rerenderWith({ review: [t('error.storage')] });
    return;
  }
  switch (outcome.kind) {
    case 'sent':
      startOver();
      navigate('/rapportera', { replace: true, state: { receipt: outcome.report.id } satisfies FlowState });
      return;
    case 'queued':
      startOver();
      navigate('/rapportera', { replace: true, state: { queued: true, reason: outcome.error.code } satisfies FlowState });
      return;
    case 'rejected': {
      const { error } = outcome;
      const fields = formErrors(error.fields, d);
      const errors = Object.keys(fields).length ? fields : { review: [errorMessage(error)] };
      startOver(d, errors);
      const first = STEPS.findIndex((s) => Object.keys(errorsOn(s, errors)).length > 0);
      if (first === STEPS.length - 1) rerenderWith(errorsOn('review', errors));
      else goTo(first);
    }
  }
}

function renderStep(main: HTMLElement, data: FlowData, index: number, ctx: () => ValidationContext): Cleanup {
  let cleanup: Cleanup | undefined;
  const show = (shown: FieldErrors | null): void => {
    cleanup?.();
    const step = STEPS[index]!;
    const errors = { ...errorsOn(step, serverErrors()), ...shown };
    const view = RENDERERS[step](data, errors, goTo);
    cleanup = view.cleanup;
    const summary = errorSummary(errors);
    const last = index === STEPS.length - 1;
    const next = h('button', { type: 'button', class: 'btn btn-primary' }, t(last ? 'report.send' : 'report.next'));
    next.addEventListener('click', () => {
      if (last) {
        void send(next, show);
        return;
      }
      const invalid = validateStep(step, draft(), ctx());
      if (Object.keys(invalid).length) show(invalid);
      else goTo(index + 1);
    });
    main.replaceChildren(
      heading(view.title, t('report.step_of', { n: index + 1, total: STEPS.length })),
      summary ?? '',
      view.body,
      last ? emergencyNotice() : '',
      h(
        'div',
        { class: 'actions sticky' },
        index > 0
          ? h('button', { type: 'button', class: 'btn', onclick: () => goTo(index - 1) }, t('report.back'))
          : h('a', { href: '/', class: 'btn' }, t('common.to_start')),
        next,
      ),
    );
    if (shown && summary) summary.focus();
  };
  show(null);
  return () => cleanup?.();
}

export const reportView: View = async ({ main, state }) => {
  const s = (state ?? {}) as FlowState;
  if (s.receipt) {
    const report = await getReport(s.receipt);
    if (report) {
      receiptScreen(main, report, newReport);
      return;
    }
  }
  if (s.queued) {
    queuedScreen(main, s.reason);
    return;
  }
  loading(main);
  let data: FlowData;
  try {
    const [config, categories, areas] = await Promise.all([getPublicConfig(), getResidentCategories(), getAreas()]);
    data = { config, categories, areas };
  } catch {
    failure(main, t('report.load_failed_title'), t('report.load_failed'), () => void rerender());
    return;
  }
  const ctx = (): ValidationContext => ({
    areas: data.areas,
    descriptionMax: data.config.description_max_chars,
    now: new Date(),
  });
  const step = Math.min(s.step ?? 0, firstInvalidStep(draft(), ctx()));
  return renderStep(main, data, step, ctx);
};
