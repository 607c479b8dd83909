// The staff area's entry point, imported on demand from main.ts.
export { detailView } from './detail';
export { inrapportView } from './inrapport';
export { loginView, passwordView, staffHomeView } from './login';
export { mineView } from './mine';
export { queueView } from './queue';
