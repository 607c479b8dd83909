// What a lägesbild's pages (the page itself and its print view) load before they draw: the
// user, the lägesbild, the names of categories and areas, the municipality's name, and the
// question texts of the surveys it cites; and how they say it is not there.
import { ApiError } from '../../api/client';
import { getPublicConfig } from '../../api/endpoints';
import type { Me } from '../../api/types';
import type { Cleanup, ViewContext } from '../../router';
import { rerender } from '../../router';
import { failure, loading } from '../../ui/page';
import { staffErrorMessage } from '../login';
import { canReadQueue, requireUser } from '../session';
import { getLagesbild, type LagesbildDetail } from './api';
import { st } from './i18n';
import { loadNames, type Names } from './labels';
import { surveyQuestions } from './surveyQuestions';

export interface Loaded {
  me: Me;
  lagesbild: LagesbildDetail;
  names: Names;
  municipality: string;
  /** `slug/code` → a survey question's text. */
  questions: Map<string, string>;
}

export async function withLagesbild(
  { main, params }: ViewContext,
  draw: (loaded: Loaded) => Cleanup | void,
): Promise<Cleanup | void> {
  const me = await requireUser(main, canReadQueue);
  if (!me) return;
  loading(main);
  try {
    const [lagesbild, names, config] = await Promise.all([
      getLagesbild(Number(params['id'])),
      loadNames(),
      getPublicConfig(),
    ]);
    const questions = await surveyQuestions(lagesbild.content.surveys);
    return draw({ me, lagesbild, names, municipality: config.municipality, questions });
  } catch (e) {
    if (e instanceof ApiError && (e.code === 'not_found' || e.code === 'bad_request'))
      failure(main, st('lb.not_found_title'), st('lb.not_found', { id: params['id'] ?? '' }));
    else failure(main, st('lb.title'), staffErrorMessage(e), () => void rerender());
  }
}
