// A lägesbild (`/personal/lagesbild/{id}`): the generated figures, the map and hotspots, the
// notable inrapporter, crime statistics, survey signal and follow-up of earlier actions; the text
// EST writes and the åtgärdsplan; "Fastställ" on a draft and "Gör en rättelse" on a final one
// (coordinators); the downloads and the history. A final one, or a reader, sees it as text.
import type { Me } from '../../api/types';
import { h, type Child } from '../../dom';
import { navigate, type View } from '../../router';
import { heading } from '../../ui/page';
import { staffPage } from '../session';
import type { LagesbildDetail } from './api';
import { actionForm } from './actionForm';
import { actionList } from './actions';
import { detailHeader, downloads, type Notice } from './detailHeader';
import { figuresParts } from './figures';
import { askToCorrect, askToFinalise } from './finalise';
import { historyList } from './history';
import { hotspotsOnScreen } from './hotspots';
import { st } from './i18n';
import { lagesbildName, type Names } from './labels';
import { withLagesbild, type Loaded } from './load';
import { canWrite, lagesbildPath } from './paths';
import { publicityBadge, sectionsAsText, sectionsForm, type SectionsForm } from './sections';
import { outcomeParts } from './outcome';
import { crimeTable, followUpList, notableList, surveyList } from './signals';

/** A part of the page: a section with its h2 (and whether it may be shown outside EST). */
const part = (id: string, title: string, isPublic: boolean | null, ...content: Child[]): HTMLElement =>
  h(
    'section',
    { class: 'lb-part', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title, isPublic === null ? null : publicityBadge(isPublic)),
    ...content,
  );

const PARTS: [string, Parameters<typeof st>[0]][] = [
  ['siffror', 'lb.figures'],
  ['hotspots', 'lb.hotspots'],
  ['inrapporter', 'lb.notable'],
  ['brott', 'lb.crime'],
  ['enkater', 'lb.surveys'],
  ['uppfoljning', 'lb.follow_up'],
  ['resultat', 'lb.outcome'],
  ['text', 'lb.text'],
  ['atgarder', 'lb.actions'],
  ['ladda-ner', 'lb.downloads'],
  ['historik', 'lb.history'],
];

/** The page's parts; "Resultat" only in an annual summary. */
const contents = (annual: boolean): HTMLElement =>
  h(
    'nav',
    { class: 'lb-contents', 'aria-label': st('lb.contents') },
    h(
      'ul',
      {},
      PARTS.filter(([id]) => annual || id !== 'resultat').map(([id, key]) =>
        h('li', {}, h('a', { href: `#${id}` }, st(key))),
      ),
    ),
  );

/** The text and the åtgärdsplan: forms for a coordinator on a draft, text otherwise. */
function writing(l: LagesbildDetail, me: Me, names: Names, sections: SectionsForm | null): HTMLElement[] {
  const manage = canWrite(me.role);
  const actions = actionList(l.actions, manage);
  return [
    part(
      'text',
      st('lb.text'),
      null,
      sections ? h('p', {}, st('lb.text_intro')) : null,
      ...(sections ? [sections.el] : sectionsAsText(l.sections)),
    ),
    part(
      'atgarder',
      st('lb.actions'),
      l.publicity.actions,
      h('p', {}, st('lb.actions_intro')),
      actions.el,
      manage && l.status === 'draft'
        ? actionForm({ lagesbildId: l.id, hotspots: l.content.figures.hotspots, names, onAdded: actions.add })
        : null,
    ),
  ];
}

function detailPage(
  main: HTMLElement,
  { me, lagesbild: l, names, questions }: Loaded,
  notice: Notice | null,
): () => void {
  const f = l.content.figures;
  const editable = canWrite(me.role) && l.status === 'draft';
  const reload = (next: Notice | null): void =>
    navigate(lagesbildPath(l.id), { replace: true, state: { notice: next } });
  const sections = editable ? sectionsForm(l, () => reload('already_final')) : null;
  const hotspots = hotspotsOnScreen(f, names);
  const onFinalise = async (): Promise<void> => {
    if (await askToFinalise(l.id, sections?.changed() ?? false, () => sections?.save() ?? Promise.resolve(true)))
      reload('finalised');
  };
  const onCorrect = async (): Promise<void> => {
    const draft = await askToCorrect(l.id);
    if (draft) navigate(lagesbildPath(draft.id));
  };
  staffPage(
    main,
    me,
    '/personal/lagesbild',
    h('p', {}, h('a', { href: '/personal/lagesbild' }, st('lb.back'))),
    heading(lagesbildName(l)),
    ...detailHeader(l, notice, canWrite(me.role) ? { onFinalise, onCorrect } : null),
    contents(!!l.content.outcome),
    part(
      'siffror',
      st('lb.figures'),
      l.publicity.figures,
      ...figuresParts({ id: l.id, figures: f, trend: l.content.trend, names, print: false }),
    ),
    part('hotspots', st('lb.hotspots'), l.publicity.hotspots, ...hotspots.parts),
    part('inrapporter', st('lb.notable'), false, ...notableList(f.notable, names)),
    part('brott', st('lb.crime'), l.publicity.figures, ...crimeTable(l.content.crime, names)),
    part('enkater', st('lb.surveys'), l.publicity.figures, ...surveyList(l.content.surveys, questions)),
    part('uppfoljning', st('lb.follow_up'), l.publicity.actions, ...followUpList(l.content.follow_up, false)),
    l.content.outcome
      ? part('resultat', st('lb.outcome'), l.publicity.actions, ...outcomeParts(l.content.outcome))
      : null,
    ...writing(l, me, names, sections),
    downloads(l.id),
    part('historik', st('lb.history'), null, historyList(l.history)),
  );
  return hotspots.destroy;
}

export const lagesbildDetailView: View = (ctx) =>
  withLagesbild(ctx, (loaded) =>
    detailPage(ctx.main, loaded, (ctx.state as { notice?: Notice } | null)?.notice ?? null),
  );
