import { isOneOf, timeOfDayValues, type LatLon, type MapPointAnswer } from '../../api/types';
import { h, icon } from '../../dom';
import { lookupArea } from '../../geo';
import { t } from '../../i18n';
import type { PointsMap } from '../../map/surveyMap';
import { localities, placeName } from '../../survey/places';
import { localText, MAP_POINTS_MAX, pointsOf } from '../../survey/questions';
import { checkboxGroup, fieldId, radioGroup } from '../../ui/form';
import { ICONS } from '../../ui/icons';
import type { InputOptions, QuestionInput } from './inputs';

/** The point at another time of day, or at none ('' is "Vet inte"). */
function withTime(p: MapPointAnswer, time: string): MapPointAnswer {
  const { lat, lon, reasons } = p;
  return isOneOf(timeOfDayValues, time) ? { lat, lon, reasons, time_of_day: time } : { lat, lon, reasons };
}

/** One marked place: where it is, why and when it feels unsafe, and a way to remove it. */
function pointCard(
  o: InputOptions,
  p: MapPointAnswer,
  i: number,
  update: (change: (p: MapPointAnswer) => MapPointAnswer) => void,
  remove: () => void,
): HTMLElement {
  const n = i + 1;
  const field = `${o.q.code}-${n}`;
  return h(
    'li',
    { class: 'card point-card' },
    h('h3', { id: `${field}-title`, tabindex: '-1' }, t('survey.point', { n, place: placeName(o.flow.areas, p) })),
    checkboxGroup({
      field: `${field}-reasons`,
      legend: t('survey.point_reasons', { n }),
      hint: t('survey.choose_all'),
      className: 'chips',
      choices: (o.q.choices ?? []).map((c) => ({ value: c.code, label: localText(c.text) })),
      values: p.reasons,
      onChange: (reasons) => update((x) => ({ ...x, reasons })),
    }),
    radioGroup({
      field: `${field}-time`,
      legend: t('survey.point_time', { n }),
      className: 'segmented',
      choices: [
        ...timeOfDayValues.map((v) => ({ value: v, label: t(`when.${v}`) })),
        { value: '', label: t('when.unknown') },
      ],
      value: p.time_of_day ?? '',
      onChange: (v) => update((x) => withTime(x, v)),
    }),
    h('button', { type: 'button', class: 'btn', onclick: remove }, t('survey.point_remove', { n })),
  );
}

/** "Eller välj en ort": a place at a locality's representative point, for those who cannot use the map. */
function localityPicker(o: InputOptions, add: (p: LatLon) => void, say: (text: string) => void): HTMLElement {
  const select = h(
    'select',
    { id: `${o.q.code}-locality`, 'aria-describedby': `${o.q.code}-locality-hint` },
    h('option', { value: '' }, t('survey.locality_choose')),
    localities(o.flow.areas).map((p) => h('option', { value: p.slug }, p.name)),
  );
  const addIt = (): void => {
    const chosen = localities(o.flow.areas).find((p) => p.slug === select.value);
    if (chosen) add({ lat: chosen.lat, lon: chosen.lon });
    else say(t('survey.locality_missing'));
  };
  return h(
    'div',
    { class: 'field locality-picker' },
    h('label', { for: `${o.q.code}-locality` }, t('survey.locality_label')),
    h('p', { class: 'hint', id: `${o.q.code}-locality-hint` }, t('survey.locality_hint')),
    h(
      'div',
      { class: 'picker-row' },
      select,
      h('button', { type: 'button', class: 'btn', onclick: addIt }, t('survey.locality_add')),
    ),
  );
}

function errorText(field: string, errors: string[]): HTMLElement | null {
  if (!errors.length) return null;
  return h(
    'p',
    { class: 'field-error', id: `${fieldId(field)}-error` },
    h('span', { class: 'error-prefix' }, `${t('form.error_prefix')} `),
    errors.join(' '),
  );
}

interface MapPart {
  el: HTMLElement;
  setPoints: (points: LatLon[]) => void;
  show: (p: LatLon) => void;
  cleanup: () => void;
}

/**
 * The map with its help and "Markera kartans mitt", loaded on demand. Without tiles it still
 * shows the outlines and says so; without Leaflet at all it says to choose a locality instead.
 */
function mapPart(o: InputOptions, points: () => LatLon[], add: (p: LatLon) => void): MapPart {
  const { q, flow } = o;
  let map: PointsMap | null = null;
  let destroyed = false;
  const tiles = h('div', { class: 'tiles-slot', 'aria-live': 'polite' });
  const mapEl = h('div', {
    class: 'map',
    id: fieldId(q.code),
    role: 'region',
    'aria-label': t('survey.map_label'),
    'aria-describedby': `${q.code}-map-help`,
  });
  const crosshair = h('div', { class: 'crosshair', 'aria-hidden': 'true' });
  const frame = h('div', { class: 'map-frame' }, mapEl, crosshair);
  const centre = h(
    'button',
    { type: 'button', class: 'btn btn-block', onclick: () => map && add(map.center()) },
    icon(ICONS.pin),
    t('survey.map_add_center'),
  );
  const failed = (): void => {
    frame.replaceChildren(h('p', { class: 'inline-warning' }, icon(ICONS.alert), t('survey.map_failed')));
    centre.remove();
  };
  const tilesSay = (ok: boolean): void =>
    tiles.replaceChildren(
      ok ? '' : h('p', { class: 'notice notice-warn inline-warning' }, icon(ICONS.alert), t('survey.map_tiles_failed')),
    );
  const { config, areas } = flow;
  if (!config || !areas) failed();
  else
    import('../../map/surveyMap')
      .then(({ createPointsMap }) => {
        if (destroyed) return;
        map = createPointsMap(mapEl, {
          config,
          areas,
          points: points(),
          labels: { zoomIn: t('where.zoom_in'), zoomOut: t('where.zoom_out') },
          onPick: add,
          onMarker: (i) => document.getElementById(`${q.code}-${i + 1}-title`)?.focus(),
          onTiles: tilesSay,
          crosshair,
        });
      })
      .catch(failed);
  return {
    el: h('div', {}, tiles, frame, h('p', { class: 'hint', id: `${q.code}-map-help` }, t('survey.map_help')), centre),
    setPoints: (p) => map?.setPoints(p),
    show: (p) => map?.show(p),
    cleanup: () => {
      destroyed = true;
      map?.destroy();
    },
  };
}

/**
 * A `map_points` question: tap the map (or mark its centre from the keyboard, or choose a
 * locality) to add a place, then choose why and when for each in the list below; each can be
 * removed.
 */
export function mapPointsInput(o: InputOptions, heading: HTMLElement, hint: string): QuestionInput {
  const { q, flow } = o;
  const max = q.max ?? MAP_POINTS_MAX;
  let points = pointsOf(flow.session.answers[q.code]);
  const status = h('p', { class: 'status-text', role: 'status' });
  const list = h('ol', { class: 'point-list' });
  const listTitle = h('h2', { id: `${q.code}-points-title`, tabindex: '-1' });

  const commit = (next: MapPointAnswer[]): void => {
    points = next;
    o.onChange(points.length ? points : undefined);
  };
  const renderList = (): void => {
    listTitle.textContent = t('survey.points_title', { n: points.length, max });
    part.setPoints(points);
    const cards = points.map((p, i) =>
      pointCard(
        o,
        p,
        i,
        (change) => commit(points.map((x, j) => (j === i ? change(x) : x))),
        () => {
          commit(points.filter((_, j) => j !== i));
          renderList();
          status.textContent = t('survey.point_removed', { n: i + 1 });
          listTitle.focus();
        },
      ),
    );
    list.replaceChildren(...(cards.length ? cards : [h('li', { class: 'hint' }, t('survey.points_none'))]));
  };
  const add = (p: LatLon, fromList = false): void => {
    if (points.length >= max) return void (status.textContent = t('survey.points_full', { max }));
    if (flow.areas && !lookupArea(flow.areas, p.lat, p.lon).inside_municipality) {
      return void (status.textContent = t('survey.point_outside'));
    }
    commit([...points, { lat: p.lat, lon: p.lon, reasons: [] }]);
    renderList();
    if (fromList) part.show(p);
    status.textContent = t('survey.point_added', { n: points.length, place: placeName(flow.areas, p) });
  };
  const part = mapPart(o, () => points, add);
  renderList();
  const el = h(
    'div',
    { class: `field map-question${o.errors.length ? ' field-invalid' : ''}` },
    heading,
    hint ? h('p', { class: 'hint' }, hint) : null,
    errorText(q.code, o.errors),
    part.el,
    localityPicker(
      o,
      (p) => add(p, true),
      (text) => (status.textContent = text),
    ),
    status,
    h('section', { 'aria-labelledby': listTitle.id }, listTitle, list),
  );
  return { el, cleanup: part.cleanup };
}
