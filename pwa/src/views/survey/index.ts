import { getAreas, getPublicConfig, getSurvey } from '../../api/endpoints';
import type { PublishedSurvey } from '../../api/types';
import { t } from '../../i18n';
import { listSurveyOutbox } from '../../offline/queue';
import { navigate, rerender, type Cleanup, type View } from '../../router';
import type { Screen } from '../../survey/order';
import { answersFitting, shownQuestions } from '../../survey/questions';
import { saveSession, surveySession } from '../../survey/session';
import { failure, loading } from '../../ui/page';
import { notFoundView } from '../notFound';
import { backgroundScreen } from './background';
import type { SurveyFlow } from './context';
import { closedScreen, droppedScreen, scheduledScreen, thanksScreen } from './done';
import { introScreen } from './intro';
import { questionScreen } from './question';
import { reviewScreen } from './review';
import './survey.css';

const SCREENS = new Set<Screen['screen']>(['intro', 'question', 'background', 'review', 'sent', 'queued', 'dropped']);

function screenOf(state: unknown): Screen {
  const s = state as Partial<Screen> | null;
  return s?.screen && SCREENS.has(s.screen) ? (s as Screen) : { screen: 'intro' };
}

/** The survey as last loaded, kept from screen to screen; loaded again on its first page. */
let loaded: PublishedSurvey | null = null;

async function loadSurvey(main: HTMLElement, slug: string, again: boolean): Promise<PublishedSurvey | null> {
  if (!again && loaded?.slug === slug) return loaded;
  loading(main);
  loaded = await getSurvey(slug);
  return loaded;
}

/** Closed by hand or by date; the stored copy of an offline visit may not know the date has passed. */
const isClosed = (s: PublishedSurvey, now: number): boolean =>
  s.phase === 'closed' || (!!s.closes_at && Date.parse(s.closes_at) <= now);
const isScheduled = (s: PublishedSurvey, now: number): boolean =>
  s.phase === 'scheduled' || (!!s.opens_at && Date.parse(s.opens_at) > now);

async function openFlow(slug: string, survey: PublishedSurvey): Promise<SurveyFlow> {
  const [config, areas, kept] = await Promise.all([
    getPublicConfig().catch(() => null),
    getAreas().catch(() => null),
    listSurveyOutbox().then((items) => items.filter((i) => i.slug === slug)),
  ]);
  const session = surveySession(slug, survey.version);
  if (session.version !== survey.version) {
    // The questions changed since these answers were begun: keep those that still fit.
    session.answers = answersFitting(survey.definition, session.answers);
    session.version = survey.version;
    saveSession(slug);
  }
  return {
    slug,
    survey,
    config,
    areas,
    session,
    kept,
    save: () => saveSession(slug),
    go: (screen, opts) => navigate(`/enkat/${encodeURIComponent(slug)}`, { state: screen, ...opts }),
  };
}

function showScreen(main: HTMLElement, flow: SurveyFlow, screen: Screen): Cleanup | void {
  switch (screen.screen) {
    case 'question': {
      const shown = shownQuestions(flow.survey.definition, flow.session.answers);
      const q = shown.find((x) => x.code === screen.code);
      // A question the answers now hide (or a newer version dropped) is not asked.
      if (q) return questionScreen(main, flow, q, screen);
      return introScreen(main, flow, {});
    }
    case 'background':
      return backgroundScreen(main, flow, screen.code);
    case 'review':
      return reviewScreen(main, flow);
    case 'intro':
      return introScreen(main, flow, screen);
    case 'sent':
    case 'queued':
    case 'dropped':
      return introScreen(main, flow, {});
  }
}

/**
 * `/enkat/{slug}`: a survey answered one question per screen. Which screen is in
 * `history.state`, the answers in sessionStorage, so Back and a reload keep both.
 */
export const surveyView: View = async (ctx) => {
  const { main } = ctx;
  const slug = ctx.params['slug'] ?? '';
  const screen = screenOf(ctx.state);
  if (screen.screen === 'sent') return thanksScreen(main);
  if (screen.screen === 'queued') return thanksScreen(main, screen.reason ?? 'network');
  if (screen.screen === 'dropped') return droppedScreen(main, screen.reason);
  let survey: PublishedSurvey | null;
  try {
    survey = await loadSurvey(main, slug, screen.screen === 'intro');
  } catch {
    return failure(main, t('survey.load_failed_title'), t('survey.load_failed'), () => void rerender());
  }
  if (!survey) return notFoundView(ctx);
  const now = Date.now();
  if (isClosed(survey, now)) return closedScreen(main, survey);
  if (isScheduled(survey, now)) return scheduledScreen(main, survey);
  return showScreen(main, await openFlow(slug, survey), screen);
};
