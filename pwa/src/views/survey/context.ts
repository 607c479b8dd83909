import type { AreaCollection, PublicConfig, PublishedSurvey } from '../../api/types';
import type { QueuedSurvey } from '../../offline/db';
import type { Screen } from '../../survey/order';
import type { SurveySession } from '../../survey/session';

/** What every screen of one survey works with. */
export interface SurveyFlow {
  slug: string;
  survey: PublishedSurvey;
  /** For the map of a `map_points` question; null when neither network nor a stored copy had them. */
  config: PublicConfig | null;
  areas: AreaCollection | null;
  /** The answers being given in this tab. */
  session: SurveySession;
  /** Answers to this survey kept in the outbox: waiting to be sent, or refused to fix. */
  kept: QueuedSurvey[];
  /** Keeps the session's changes over a reload. */
  save(): void;
  go(screen: Screen, opts?: { replace?: boolean }): void;
}
