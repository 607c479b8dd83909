// The report's smaller forms beside the main one (mainForm.ts): category, "duplicate of" by case
// number, and public visibility. What each asks and sends: its fields, the action built from them
// (or the form's own field errors, shown without sending), a question before sending where the
// reporter hears of it, and the notice after the server has applied it. Each form keeps its own
// values, so a redraw after an error keeps what was typed.
import type { FieldErrors } from '../../api/client';
import type { Category, ReportDetail, TriageAction } from '../../api/types';
import { h, type Child } from '../../dom';
import { localName } from '../../i18n';
import { checkbox, textArea, textInput } from '../../ui/form';
import { ask } from '../dialog';
import { selectField } from '../fields';
import { st, type StaffKey } from '../i18n';
import { categoryLabel } from '../labels';

export interface ActionForm {
  key: string;
  title: StaffKey;
  /** What the form is for, under its title. */
  intro?: StaffKey;
  submit: StaffKey;
  /** The form's fields; `errors` are the server's (or the form's own) messages by field. */
  fields: (errors: FieldErrors) => Child[];
  /** The action to send, or field errors to show without sending. */
  build: () => TriageAction | FieldErrors;
  done: (r: ReportDetail) => string;
  /** Asked before sending; false sends nothing. */
  confirm?: (() => Promise<boolean>) | undefined;
}

export const isAction = (a: TriageAction | FieldErrors): a is TriageAction =>
  typeof (a as { action?: unknown }).action === 'string';

const need = (field: string, value: string, key: StaffKey): FieldErrors => (value.trim() ? {} : { [field]: [st(key)] });

/** Category and subtype; the subtypes offered follow the category chosen. */
function categoriseForm(r: ReportDetail, categories: Category[]): ActionForm {
  const s = { category: r.category, subtype: r.subtype ?? '' };
  const subtypes = (): [string, string][] => [
    ['', st('detail.no_subtype')],
    ...(categories.find((c) => c.slug === s.category)?.subtypes ?? []).map((x): [string, string] => [
      x.slug,
      localName(x),
    ]),
  ];
  return {
    key: 'categorise',
    title: 'action.categorise',
    submit: 'action.save',
    fields: (errors) => {
      const sub = h('div', {});
      const renderSub = (): void => {
        sub.replaceChildren(
          selectField({
            field: 'categorise.subtype',
            label: st('action.subtype'),
            value: s.subtype,
            options: subtypes(),
            errors: errors['categorise.subtype'],
            onChange: (v) => (s.subtype = v),
          }),
        );
      };
      renderSub();
      return [
        selectField({
          field: 'categorise.category',
          label: st('action.category'),
          value: s.category,
          options: categories.map((c): [string, string] => [c.slug, localName(c)]),
          errors: errors['categorise.category'],
          onChange: (v) => {
            s.category = v;
            s.subtype = '';
            renderSub();
          },
        }),
        sub,
      ];
    },
    build: () => ({ action: 'categorise', category: s.category, subtype: s.subtype || null }),
    done: (d) => st('done.categorise', { category: categoryLabel(categories, d.category, d.subtype) }),
  };
}

function duplicateForm(r: ReportDetail): ActionForm {
  const s = { of: '' };
  return {
    key: 'duplicate',
    title: 'action.duplicate',
    intro: 'action.duplicate_intro',
    submit: 'action.duplicate_submit',
    fields: (errors) => [
      textInput({
        field: 'duplicate.of',
        label: st('action.duplicate_of'),
        hint: st('action.duplicate_hint'),
        value: s.of,
        errors: errors['duplicate.of'],
        onInput: (v) => (s.of = v),
      }),
    ],
    build: () => {
      const missing = need('duplicate.of', s.of, 'action.of_missing');
      return Object.keys(missing).length ? missing : { action: 'duplicate', of: s.of.trim().toUpperCase() };
    },
    done: (d) => st('done.duplicate', { id: d.duplicate_of ?? s.of }),
    confirm: r.notifies_reporter
      ? () =>
          ask({
            title: st('similar.confirm_title', { id: s.of.trim().toUpperCase() }),
            intro: [h('p', {}, st('similar.mail'))],
            confirm: st('similar.confirm'),
            cancel: st('similar.cancel'),
            className: 'duplicate-dialog',
          })
      : undefined,
  };
}

/**
 * What the public page shows: visible or not, at its exact place or only in the map's grid (sent
 * only when changed), the public description (sent only when changed),
 * or the redaction removed; a reason is required and kept in the timeline.
 */
function moderateForm(r: ReportDetail): ActionForm {
  const s = {
    visible: r.public_visible,
    exact: r.public_exact,
    publicText: r.public_description ?? '',
    removeRedaction: false,
    reason: '',
  };
  return {
    key: 'moderate',
    title: 'action.moderate',
    intro: 'action.moderate_intro',
    submit: 'action.save',
    fields: (errors) => [
      checkbox({
        field: 'moderate.public_visible',
        label: st('action.public_visible'),
        checked: s.visible,
        errors: errors['moderate.public_visible'],
        onChange: (v) => (s.visible = v),
      }),
      checkbox({
        field: 'moderate.public_exact',
        label: st('action.public_exact'),
        checked: s.exact,
        errors: errors['moderate.public_exact'],
        onChange: (v) => (s.exact = v),
      }),
      textArea({
        field: 'moderate.public_description',
        label: st('action.public_description'),
        hint: st('action.public_description_hint'),
        rows: 3,
        value: s.publicText,
        errors: errors['moderate.public_description'],
        onInput: (v) => (s.publicText = v),
      }),
      checkbox({
        field: 'moderate.remove_redaction',
        label: st('action.remove_redaction'),
        checked: s.removeRedaction,
        errors: errors['moderate.remove_redaction'],
        onChange: (v) => (s.removeRedaction = v),
      }),
      textArea({
        field: 'moderate.reason',
        label: st('action.reason'),
        hint: st('action.reason_hint'),
        rows: 2,
        value: s.reason,
        errors: errors['moderate.reason'],
        onInput: (v) => (s.reason = v),
      }),
    ],
    build: () => {
      const missing = need('moderate.reason', s.reason, 'action.reason_missing');
      if (Object.keys(missing).length) return missing;
      const text = s.publicText.trim();
      return {
        action: 'moderate',
        public_visible: s.visible,
        ...(s.exact !== r.public_exact ? { public_exact: s.exact } : {}),
        reason: s.reason.trim(),
        ...(s.removeRedaction
          ? { remove_redaction: true }
          : text && text !== (r.public_description ?? '')
            ? { public_description: text }
            : {}),
      };
    },
    done: () => st('done.moderate'),
  };
}

/** The smaller forms in page order: only those the workflow allows now. */
export function actionForms(r: ReportDetail, categories: Category[]): ActionForm[] {
  return [categoriseForm(r, categories), ...(r.can_mark_duplicate ? [duplicateForm(r)] : []), moderateForm(r)];
}
