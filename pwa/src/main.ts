import './styles.css';
import { registerSW } from 'virtual:pwa-register';
import { getAreas, getPublicConfig, getResidentCategories } from './api/endpoints';
import { startQueue } from './offline/queue';
import { onRender, route, startRouter, type View } from './router';
import { mountShell, showUpdatePrompt } from './shell';
import { accessibilityView } from './views/accessibility';
import { homeView } from './views/home';
import { myReportsView } from './views/myReports';
import { notFoundView } from './views/notFound';
import { reportView } from './views/report';
import { trackView } from './views/track';

const main = mountShell(document.getElementById('app')!);

// Staff views load on demand, in their own chunk: the resident's flow never downloads them.
const staff =
  (name: keyof typeof import('./staff/staff')): View =>
  async (ctx) =>
    (await import('./staff/staff'))[name](ctx);

startRouter(
  main,
  [
    route('/', homeView),
    route('/rapportera', reportView),
    route('/folj/:token', trackView),
    route('/mina-rapporter', myReportsView),
    route('/tillganglighet', accessibilityView),
    // The public map loads its views (and Leaflet) on demand, like a survey.
    route('/karta', async (ctx) => (await import('./views/publicMap')).publicMapView(ctx)),
    // A survey loads its views on demand: most visits never answer one.
    route('/enkat/:slug', async (ctx) => (await import('./views/survey')).surveyView(ctx)),
    route('/personal', staff('staffHomeView')),
    route('/personal/logga-in', staff('loginView')),
    route('/personal/losenord', staff('passwordView')),
    route('/personal/ko', staff('queueView')),
    route('/personal/rapport/:id', staff('detailView')),
    route('/personal/inrapport', staff('inrapportView')),
    route('/personal/mina', staff('mineView')),
    route('/personal/enkater', staff('surveyListView')),
    route('/personal/enkater/:slug', staff('surveyBuilderView')),
    route('/personal/enkater/:slug/resultat', staff('surveyResultsView')),
    route('/personal/enkater/:slug/affisch', staff('surveyPosterView')),
    route('/personal/lagesbild', staff('lagesbildListView')),
    route('/personal/lagesbild/brottsstatistik', staff('crimeImportView')),
    route('/personal/lagesbild/:id', staff('lagesbildDetailView')),
    route('/personal/lagesbild/:id/utskrift', staff('lagesbildPrintView')),
  ],
  notFoundView,
);

onRender(() => main.classList.toggle('staff', location.pathname.startsWith('/personal')));

startQueue();

// Fetch what the report flow needs now, so a report can be made later without network.
void Promise.all([getPublicConfig(), getResidentCategories(), getAreas()]).catch(() => undefined);

const updateSW = registerSW({
  onNeedRefresh: () => showUpdatePrompt(() => void updateSW(true)),
});
