// The survey signal names its worst problems by question code; the surveys' definitions give
// their texts, keyed `slug/code`. A survey that does not load leaves its codes as they are.
import { request } from '../../api/client';
import type { components } from '../../api/schema';
import { getLang } from '../../i18n';
import type { SurveySignal } from './api';

type SurveyDetail = components['schemas']['SurveyDetail'];

export async function surveyQuestions(signals: SurveySignal[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const surveys = await Promise.all(
    signals.map((s) =>
      request<SurveyDetail>(`/staff/surveys/${encodeURIComponent(s.slug)}`).then(
        (r) => r.data,
        () => null,
      ),
    ),
  );
  signals.forEach((s, i) => {
    for (const q of surveys[i]?.definition.questions ?? [])
      texts.set(`${s.slug}/${q.code}`, (getLang() === 'en' && q.text.en) || q.text.sv);
  });
  return texts;
}
