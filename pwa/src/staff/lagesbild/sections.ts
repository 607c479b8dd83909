// The text EST writes: sammanfattning, lokalkännedom, the cause analysis by the problem triangle
// (place, offender, target/victim, grouped under one legend), prioriteringar and caveats about the
// data, with which parts may be shown outside EST. A draft has them as a form with one "Spara"; a
// final lägesbild, or a reader who may not write, has them as text.
import { ApiError, type FieldErrors } from '../../api/client';
import { h, type Child } from '../../dom';
import { checkbox, textArea } from '../../ui/form';
import { busyForm, formProblems } from '../fields';
import { staffErrorMessage } from '../login';
import { saveText, type LagesbildDetail, type Publicity, type Sections } from './api';
import { st, type LagesbildKey } from './i18n';

type SectionKey = keyof Sections;
const TRIANGLE: SectionKey[] = ['cause_place', 'cause_offender', 'cause_victim'];
const PUBLIC_PARTS: (keyof Publicity)[] = ['summary', 'figures', 'hotspots', 'actions'];

const label = (key: SectionKey): string => st(`lb.section.${key}`);
const HINTS: Partial<Record<SectionKey, LagesbildKey>> = {
  local_knowledge: 'lb.section.local_knowledge_hint',
  cause_place: 'lb.section.cause_place_hint',
  cause_offender: 'lb.section.cause_offender_hint',
  cause_victim: 'lb.section.cause_victim_hint',
  caveats: 'lb.section.caveats_hint',
};

/** A section as text: its heading, and the paragraphs as written (line breaks kept). */
function sectionText(key: SectionKey, text: string, level: 'h3' | 'h4'): HTMLElement {
  return h(
    'div',
    { class: 'lb-section' },
    h(level, {}, label(key)),
    text.trim() ? h('p', { class: 'lb-written' }, text) : h('p', { class: 'hint' }, st('lb.empty_section')),
  );
}

/** The cause analysis as text: the three sides of the triangle under one heading. */
export const triangleText = (s: Sections): HTMLElement =>
  h(
    'div',
    { class: 'lb-triangle' },
    h('h3', {}, st('lb.cause_analysis')),
    TRIANGLE.map((key) => sectionText(key, s[key], 'h4')),
  );

export const sectionAsText = (s: Sections, key: SectionKey): HTMLElement => sectionText(key, s[key], 'h3');

/** Every section as text, for readers and for a final lägesbild. */
export function sectionsAsText(s: Sections): Child[] {
  return [
    sectionAsText(s, 'summary'),
    sectionAsText(s, 'local_knowledge'),
    triangleText(s),
    sectionAsText(s, 'priorities'),
    sectionAsText(s, 'caveats'),
  ];
}

export interface SectionsForm {
  el: HTMLElement;
  /** Whether the form holds text that is not saved yet. */
  changed(): boolean;
  /** Saves what changed; false (with the problem shown) when it could not. */
  save(): Promise<boolean>;
}

/** The form for a draft; `onFinal` is told when the server says someone finalised it meanwhile. */
export function sectionsForm(l: LagesbildDetail, onFinal: () => void): SectionsForm {
  const saved = { sections: { ...l.sections }, publicity: { ...l.publicity } };
  const values = { sections: { ...l.sections }, publicity: { ...l.publicity } };
  const box = h('div', { class: 'lb-text-form' });
  const changed = (): boolean => JSON.stringify(values) !== JSON.stringify(saved);
  const status = h('p', { class: 'save-status', role: 'status' });
  const onInput = (): void => {
    status.textContent = changed() ? st('lb.unsaved') : '';
  };

  const area = (key: SectionKey, errors: FieldErrors): HTMLElement =>
    textArea({
      field: `sections.${key}`,
      label: label(key),
      ...(HINTS[key] && { hint: st(HINTS[key]) }),
      value: values.sections[key],
      errors: errors[`sections.${key}`],
      rows: key === 'summary' ? 5 : 4,
      onInput: (v) => {
        values.sections[key] = v;
        onInput();
      },
    });

  const save = async (): Promise<boolean> => {
    if (!changed()) return true;
    try {
      const next = await saveText(l.id, values.sections, values.publicity);
      saved.sections = { ...next.sections };
      saved.publicity = { ...next.publicity };
      draw({}, '');
      status.textContent = st('lb.saved');
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'lagesbild_final') {
        onFinal();
        return false;
      }
      draw(
        e instanceof ApiError ? e.fields : {},
        e instanceof ApiError && e.code === 'validation' ? '' : staffErrorMessage(e),
      );
      box.querySelector<HTMLElement>('.error-summary')?.focus();
      return false;
    }
  };

  const draw = (errors: FieldErrors, message: string): void => {
    const button = h('button', { type: 'submit', class: 'btn btn-primary' }, st('lb.save'));
    box.replaceChildren(
      formProblems(message, errors) ?? '',
      busyForm(
        { button, busyText: st('lb.saving'), onSubmit: async () => void (await save()) },
        area('summary', errors),
        area('local_knowledge', errors),
        h(
          'fieldset',
          { class: 'lb-triangle-fields', 'aria-describedby': 'triangle-hint' },
          h('legend', {}, st('lb.cause_analysis')),
          h('p', { class: 'hint', id: 'triangle-hint' }, st('lb.cause_analysis_hint')),
          TRIANGLE.map((key) => area(key, errors)),
        ),
        area('priorities', errors),
        area('caveats', errors),
        publicityFields(values.publicity, onInput),
        h('div', { class: 'lb-save-row' }, button, status),
      ),
    );
  };
  draw({}, '');
  return { el: box, changed, save };
}

function publicityFields(publicity: Publicity, onChange: () => void): HTMLElement {
  return h(
    'fieldset',
    { class: 'field lb-publicity', 'aria-describedby': 'publicity-hint' },
    h('legend', {}, st('lb.publicity')),
    h('p', { class: 'hint', id: 'publicity-hint' }, st('lb.publicity_hint')),
    PUBLIC_PARTS.map((part) =>
      checkbox({
        field: `publicity.${part}`,
        label: st(`lb.public.${part}`),
        checked: publicity[part],
        onChange: (on) => {
          publicity[part] = on;
          onChange();
        },
      }),
    ),
  );
}

/** "Offentlig" or "Arbetsmaterial" beside a part's heading. */
export const publicityBadge = (isPublic: boolean): HTMLElement =>
  h(
    'span',
    { class: `badge ${isPublic ? 'badge-public' : 'badge-internal'}` },
    st(isPublic ? 'lb.public' : 'lb.internal'),
  );
