// What the queue's parts share while the view is up: the filters, the loaded rows and the
// selection. The parts read and update it in place; `../queue.ts` makes one per visit.
import type { Category, ReportStatus, ReportSummary, StatusCounts } from '../../api/types';
import type { QueueMap } from '../staffMap';

export interface QueueState {
  /** The filters the server gets (see `apiParams`), without a cursor. */
  readonly params: URLSearchParams;
  /** The filters as the URL has them, for the links that change one. */
  readonly urlParams: URLSearchParams;
  /** Whether this user may change reports: checkboxes, the bulk bar and the status keys. */
  readonly triage: boolean;
  readonly categories: Category[];
  /** The rows loaded so far, and the cursor of the next page (null after the last). */
  items: ReportSummary[];
  nextCursor: string | null;
  counts: StatusCounts;
  /** The index of the selected row in `items`, -1 for none. */
  selected: number;
  /** The ids ticked for the bulk change. */
  readonly checked: Set<string>;
  /** Changes waiting out their undo window, by report id: nothing is sent until it ends. */
  readonly pending: Map<string, ReportStatus>;
  /** The map, once its chunk and data have loaded. */
  map: QueueMap | null;
}
