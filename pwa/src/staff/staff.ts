// The staff area's entry point, imported on demand from main.ts.
import type { View } from '../router';

export { detailView } from './detail';
export { inrapportView } from './inrapport';
export { loginView, passwordView, staffHomeView } from './login';
export { mineView } from './mine';
export { queueView } from './queue';

// The survey views come in a further chunk when first opened: the queue does not carry them.
const surveys =
  (name: keyof typeof import('./surveys/staffSurveys')): View =>
  async (ctx) =>
    (await import('./surveys/staffSurveys'))[name](ctx);

export const surveyListView = surveys('surveyListView');
export const surveyBuilderView = surveys('surveyBuilderView');
export const surveyResultsView = surveys('surveyResultsView');
export const surveyPosterView = surveys('surveyPosterView');

// The lägesbild views likewise: a chunk of their own, so neither the queue nor the surveys carry them.
const lagesbild =
  (name: keyof typeof import('./lagesbild/staffLagesbild')): View =>
  async (ctx) =>
    (await import('./lagesbild/staffLagesbild'))[name](ctx);

export const lagesbildListView = lagesbild('lagesbildListView');
export const lagesbildDetailView = lagesbild('lagesbildDetailView');
export const lagesbildPrintView = lagesbild('lagesbildPrintView');
export const crimeImportView = lagesbild('crimeImportView');
