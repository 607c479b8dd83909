// The lägesbild views' entry point, a chunk of its own (named staff*, so it is neither precached
// for residents nor counted in their budget), loaded by ../staff.ts when a lägesbild page is first
// opened.
export { crimeImportView } from './crime';
export { lagesbildDetailView } from './detail';
export { lagesbildListView } from './list';
export { lagesbildPrintView } from './print';
