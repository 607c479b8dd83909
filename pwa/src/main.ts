import './styles.css';
import { registerSW } from 'virtual:pwa-register';
import { getAreas, getPublicConfig, getResidentCategories } from './api/endpoints';
import { startQueue } from './offline/queue';
import { route, startRouter } from './router';
import { mountShell, showUpdatePrompt } from './shell';
import { accessibilityView } from './views/accessibility';
import { homeView } from './views/home';
import { myReportsView } from './views/myReports';
import { notFoundView } from './views/notFound';
import { reportView } from './views/report';
import { trackView } from './views/track';

const main = mountShell(document.getElementById('app')!);

startRouter(
  main,
  [
    route('/', homeView),
    route('/rapportera', reportView),
    route('/folj/:token', trackView),
    route('/mina-rapporter', myReportsView),
    route('/tillganglighet', accessibilityView),
  ],
  notFoundView,
);

startQueue();

// Fetch what the report flow needs now, so a report can be made later without network.
void Promise.all([getPublicConfig(), getResidentCategories(), getAreas()]).catch(() => undefined);

const updateSW = registerSW({
  onNeedRefresh: () => showUpdatePrompt(() => void updateSW(true)),
});
