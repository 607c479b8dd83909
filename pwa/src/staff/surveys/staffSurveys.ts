// The survey views' entry point, a chunk of its own (named staff*, so it is neither precached for
// residents nor counted in their budget), loaded by ../staff.ts when a survey page is first opened.
export { surveyBuilderView } from './builder';
export { surveyListView } from './list';
export { surveyPosterView } from './poster';
export { surveyResultsView } from './results';
