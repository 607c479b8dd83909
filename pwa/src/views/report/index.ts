import type { ErrorCode, FieldErrors } from '../../api/client';
import { getAreas, getPublicConfig, getResidentCategories } from '../../api/endpoints';
import { h } from '../../dom';
import { t } from '../../i18n';
import { photoStatus } from '../../offline/photos';
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
import { draft, onDraftChange, serverErrors, startOver } from '../../report/session';
import { navigate, rerender, type Cleanup, type View } from '../../router';
import { errorMessage } from '../../ui/errors';
import { errorSummary } from '../../ui/form';
import { failure, heading, loading } from '../../ui/page';
import { emergencyLine, isUrgent, urgentNotice } from '../emergency';
import type { FlowData, StepRenderer } from './context';
import { describeStep } from './describe';
import { queuedScreen, receiptScreen } from './done';
import { clearFieldError } from './liveErrors';
import { reviewStep } from './review';
import { plusOneScreen, sameThingSlot, type PlusOneDone } from './sameThing';
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
  /** How many photos wait with the queued report. */
  photos?: number;
  /** A "+1" on a public report was given instead of sending this one. */
  plusOne?: PlusOneDone;
}

const goTo = (step: number): void => navigate('/rapportera', { state: { step } satisfies FlowState });

function newReport(): void {
  startOver();
  goTo(0);
}

function plusOneGiven(result: PlusOneDone): void {
  navigate('/rapportera', { replace: true, state: { plusOne: result } satisfies FlowState });
}

/** The step's first field, where "no, this is something else" sends the keyboard on. */
const firstField = (body: HTMLElement): HTMLElement | null =>
  body.querySelector<HTMLElement>('input:not([type="hidden"]), select, textarea, button');

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
      navigate('/rapportera', {
        replace: true,
        state: { queued: true, reason: outcome.error.code, photos: d.photos?.length ?? 0 } satisfies FlowState,
      });
      return;
    case 'rejected': {
      const { error } = outcome;
      const fields = formErrors(error.fields, d);
      const errors = Object.keys(fields).length ? fields : { review: [errorMessage(error)] };
      // The outbox's copy, which after `client_id_reused` has a fresh client_id to send it under.
      startOver(outcome.draft, errors);
      const first = STEPS.findIndex((s) => Object.keys(errorsOn(s, errors)).length > 0);
      if (first === STEPS.length - 1) rerenderWith(errorsOn('review', errors));
      else goTo(first);
    }
  }
}

/** Errors on the page that no longer apply (the field is valid now, and the server's was edited away). */
function staleErrors(step: Step, errors: FieldErrors, ctx: ValidationContext): string[] {
  const invalid = validateStep(step, draft(), ctx);
  const server = errorsOn(step, serverErrors());
  return Object.keys(errors).filter((f) => f !== 'review' && !invalid[f]?.length && !server[f]?.length);
}

function renderStep(main: HTMLElement, data: FlowData, index: number, ctx: () => ValidationContext): Cleanup {
  let cleanup: Cleanup | undefined;
  const show = (shown: FieldErrors | null): void => {
    cleanup?.();
    const step = STEPS[index]!;
    // The renderers read this object when they redraw a part (e.g. "earlier" on the when step):
    // an error taken off the page is deleted here too, so it does not come back.
    const errors = { ...errorsOn(step, serverErrors()), ...shown };
    const view = RENDERERS[step](data, errors, goTo);
    const urgent = h('div', { class: 'urgent-slot', 'aria-live': 'polite' });
    let urgentShown = false;
    const showUrgent = (): void => {
      const now = index > 0 && isUrgent(draft());
      if (now !== urgentShown) urgent.replaceChildren(now ? urgentNotice() : '');
      urgentShown = now;
    };
    showUrgent();
    const offDraft = onDraftChange(() => {
      for (const field of staleErrors(step, errors, ctx())) {
        delete errors[field];
        clearFieldError(main, field);
      }
      showUrgent();
    });
    cleanup = () => {
      offDraft();
      view.cleanup?.();
    };
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
      emergencyLine(),
      // Where it is seen: below the category tiles just chosen on step 2, at the top after that.
      index === 1 ? '' : urgent,
      summary ?? '',
      // Once the place and the category are known: "is this the same thing?" before going on.
      step === 'when' ? sameThingSlot(data, () => firstField(view.body), plusOneGiven) : '',
      view.body,
      index === 1 ? urgent : '',
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
      receiptScreen(main, report, await photoStatus(report.id), newReport);
      return;
    }
  }
  if (s.plusOne) {
    plusOneScreen(main, s.plusOne, newReport);
    return;
  }
  if (s.queued) {
    queuedScreen(main, s.reason, s.photos ?? 0);
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
