import type { FieldErrors } from '../../api/client';
import type { LatLon } from '../../api/types';
import { h, icon } from '../../dom';
import { lookupArea } from '../../geo';
import { formatNumber, t } from '../../i18n';
import { searchPlaces, type FoundPlace } from '../../map/places';
import type { ReportMap } from '../../map/reportMap';
import { PLACE_DESCRIPTION_MAX, type PlaceMode } from '../../report/draft';
import { draft, updateDraft } from '../../report/session';
import { fieldId, radioGroup, textArea } from '../../ui/form';
import { ICONS } from '../../ui/icons';
import type { FlowData, StepView } from './context';
import { charCounter } from './counter';

function placeSummary(data: FlowData): HTMLElement {
  const { pin, accuracy_m } = draft();
  if (!pin) return h('p', {}, t('where.no_pin'));
  const found = lookupArea(data.areas, pin.lat, pin.lon);
  return h(
    'div',
    {},
    h('p', {}, h('strong', {}, `${t('where.chosen')}: `), found.area ? found.area.name : t('where.outside_short')),
    h('p', {}, `${t('where.coordinates')}: ${formatNumber(pin.lat, 5)}, ${formatNumber(pin.lon, 5)}`),
    accuracy_m !== null ? h('p', {}, t('where.accuracy', { m: Math.round(accuracy_m) })) : null,
    found.inside_municipality
      ? null
      : h(
          'p',
          { class: 'inline-warning' },
          icon(ICONS.alert),
          t('where.outside', { municipality: data.config.municipality }),
        ),
  );
}

/** "Use my position": asks the device, and says in `status` how it went. */
function locateButton(
  status: HTMLElement,
  setPin: (p: LatLon, accuracy: number | null, moveMap: boolean) => void,
): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'btn btn-block',
      onclick: () => {
        if (!('geolocation' in navigator)) {
          status.textContent = t('where.geo_unsupported');
          return;
        }
        status.textContent = t('where.locating');
        navigator.geolocation.getCurrentPosition(
          (pos) => {
            const p = { lat: pos.coords.latitude, lon: pos.coords.longitude };
            setPin(p, pos.coords.accuracy, true);
            status.textContent = t('where.located', { m: Math.round(pos.coords.accuracy) });
          },
          (err) => {
            status.textContent = t(err.code === err.PERMISSION_DENIED ? 'where.geo_denied' : 'where.geo_failed');
          },
          { enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 },
        );
      },
    },
    icon(ICONS.locate),
    t('where.use_position'),
  );
}

function pinError(errors: string[]): HTMLElement {
  return h(
    'p',
    { class: 'field-error', id: 'f-pin-error' },
    h('span', { class: 'error-prefix' }, `${t('form.error_prefix')} `),
    errors.join(' '),
  );
}

/** A zoom that shows a locality whole; a street or a school gets the street zoom. */
const ZOOM_WIDE = 14;

/**
 * "Sök plats" above the map: the municipality's named places and, when configured, its geocoder.
 * Searches on submit (Enter or the button), not per keystroke; a chosen result moves the pin.
 */
function placeSearch(data: FlowData, choose: (p: FoundPlace) => void): HTMLElement {
  const input = h('input', {
    id: 'place-search',
    type: 'search',
    name: 'place-search',
    autocomplete: 'off',
    enterkeyhint: 'search',
    'aria-describedby': 'place-search-hint',
  });
  const status = h('p', { class: 'status-text', role: 'status', id: 'place-search-status' });
  const results = h('ul', { class: 'search-results', 'aria-label': t('where.search_results_label') });
  let seq = 0;
  const show = (found: FoundPlace[]): void => {
    results.replaceChildren(
      ...found.map((p) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'search-result',
              onclick: () => {
                results.replaceChildren();
                status.textContent = t('where.search_moved', { name: p.name });
                choose(p);
                input.focus();
              },
            },
            h('span', { class: 'line' }, p.name),
            p.detail ? h('span', { class: 'line hint' }, p.detail) : null,
          ),
        ),
      ),
    );
  };
  const run = async (): Promise<void> => {
    const q = input.value.trim();
    const mine = ++seq;
    show([]);
    if ([...q].length < 2) {
      status.textContent = t('where.search_short');
      return;
    }
    status.textContent = t('where.searching');
    try {
      const found = await searchPlaces(q, data.config);
      if (mine !== seq) return;
      show(found);
      status.textContent = found.length ? t('where.search_results', { n: found.length }) : t('where.search_none');
    } catch {
      if (mine === seq) status.textContent = t('where.search_failed');
    }
  };
  return h(
    'form',
    {
      class: 'place-search',
      role: 'search',
      onsubmit: (e) => {
        e.preventDefault();
        void run();
      },
    },
    h('label', { for: 'place-search' }, t('where.search_label')),
    h('p', { class: 'hint', id: 'place-search-hint' }, t('where.search_hint')),
    h('div', { class: 'search-row' }, input, h('button', { type: 'submit', class: 'btn' }, t('where.search_button'))),
    status,
    results,
  );
}

/** Said when the map's tiles do not arrive: the outlines stay, and the words path is one tap away. */
function tilesFailed(useWords: () => void): HTMLElement {
  return h(
    'div',
    { class: 'notice notice-warn tiles-failed' },
    h('p', { class: 'inline-warning' }, icon(ICONS.alert), h('span', {}, t('where.tiles_failed'))),
    h('p', {}, t('where.tiles_failed_help')),
    h('button', { type: 'button', class: 'btn btn-block', onclick: useWords }, t('where.tiles_use_words')),
  );
}

function mapPart(data: FlowData, errors: FieldErrors, useWords: () => void): { el: HTMLElement; cleanup: () => void } {
  const summary = h('div', { class: 'place-summary', 'aria-live': 'polite' });
  const status = h('p', { class: 'status-text', role: 'status' });
  const mapEl = h('div', {
    class: 'map',
    id: fieldId('pin'),
    role: 'region',
    'aria-label': t('where.map_label'),
    'aria-describedby': errors['pin']?.length ? 'map-help f-pin-error' : 'map-help',
  });
  let map: ReportMap | null = null;
  let destroyed = false;

  const showSummary = (): void => summary.replaceChildren(placeSummary(data));
  const setPin = (p: LatLon, accuracy: number | null, moveMap: boolean, zoom?: number): void => {
    updateDraft(
      (d) => {
        d.pin = p;
        d.accuracy_m = accuracy;
      },
      ['pin'],
    );
    if (moveMap) map?.setPin(p, accuracy, zoom);
    status.textContent = '';
    el.querySelector('#f-pin-error')?.remove();
    el.classList.remove('field-invalid');
    showSummary();
  };

  const locate = locateButton(status, setPin);

  const centerButton = h(
    'button',
    { type: 'button', class: 'btn btn-block', onclick: () => map && setPin(map.center(), null, true) },
    icon(ICONS.pin),
    t('where.pin_center'),
  );

  const crosshair = h('div', { class: 'crosshair', 'aria-hidden': 'true' });
  const mapFrame = h('div', { class: 'map-frame' }, mapEl, crosshair);
  const tiles = h('div', { class: 'tiles-slot', 'aria-live': 'polite' });
  const pinErrors = errors['pin'];
  const el = h(
    'div',
    { class: `map-part${pinErrors?.length ? ' field-invalid' : ''}` },
    pinErrors?.length ? pinError(pinErrors) : null,
    placeSearch(data, (p) => setPin({ lat: p.lat, lon: p.lon }, null, true, p.wide ? ZOOM_WIDE : undefined)),
    locate,
    status,
    tiles,
    mapFrame,
    h('p', { class: 'hint', id: 'map-help' }, t('where.map_help')),
    centerButton,
    summary,
  );
  showSummary();

  import('../../map/reportMap')
    .then(({ createReportMap }) => {
      if (destroyed) return;
      map = createReportMap(mapEl, {
        config: data.config,
        areas: data.areas,
        pin: draft().pin,
        accuracy: draft().accuracy_m,
        labels: { zoomIn: t('where.zoom_in'), zoomOut: t('where.zoom_out') },
        onPick: (p) => setPin(p, null, false),
        onTiles: (ok) => tiles.replaceChildren(ok ? '' : tilesFailed(useWords)),
        crosshair,
      });
    })
    .catch(() => {
      mapFrame.replaceChildren(h('p', { class: 'inline-warning' }, icon(ICONS.alert), t('where.map_failed')));
      centerButton.remove();
    });

  return {
    el,
    cleanup: () => {
      destroyed = true;
      map?.destroy();
    },
  };
}

function wordsPart(data: FlowData, errors: FieldErrors): HTMLElement {
  const d = draft();
  const localities = data.areas.features
    .map((f) => f.properties)
    .filter((p) => p.kind === 'locality')
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  const municipality = data.areas.features.find((f) => f.properties.kind === 'municipality')?.properties;
  const choices = localities.map((p) => ({ value: p.slug, label: p.name }));
  if (municipality) choices.push({ value: municipality.slug, label: t('where.countryside') });
  const counter = charCounter('f-place_description-count', PLACE_DESCRIPTION_MAX, d.place_description);
  return h(
    'div',
    {},
    radioGroup({
      field: 'locality',
      legend: t('where.locality'),
      choices,
      value: d.locality,
      errors: errors['locality'],
      onChange: (v) => updateDraft((x) => (x.locality = v), ['locality']),
    }),
    textArea({
      field: 'place_description',
      label: t('where.place_description'),
      hint: t('where.place_description_hint'),
      value: d.place_description,
      rows: 3,
      errors: errors['place_description'],
      describedBy: 'f-place_description-count',
      onInput: (v) => {
        updateDraft((x) => (x.place_description = v), ['place_description']);
        counter.update(v);
      },
      after: counter.el,
    }),
  );
}

export function whereStep(data: FlowData, errors: FieldErrors): StepView {
  const part = h('div', {});
  let cleanupPart: (() => void) | undefined;
  const useWords = (): void => {
    const radio = body.querySelector<HTMLInputElement>('input[name="mode"][value="words"]');
    if (radio) radio.checked = true;
    updateDraft((d) => (d.mode = 'words'));
    showPart('words');
    body.querySelector<HTMLInputElement>('input[name="locality"]')?.focus();
  };
  const showPart = (mode: PlaceMode): void => {
    cleanupPart?.();
    cleanupPart = undefined;
    if (mode === 'map') {
      const m = mapPart(data, errors, useWords);
      cleanupPart = m.cleanup;
      part.replaceChildren(m.el);
    } else {
      part.replaceChildren(wordsPart(data, errors));
    }
  };
  const body = h(
    'div',
    {},
    radioGroup({
      field: 'mode',
      legend: t('where.mode'),
      className: 'segmented',
      choices: [
        { value: 'map', label: t('where.mode_map') },
        { value: 'words', label: t('where.mode_words') },
      ],
      value: draft().mode,
      onChange: (v) => {
        const mode = v as PlaceMode;
        updateDraft((d) => (d.mode = mode));
        showPart(mode);
      },
    }),
    part,
  );
  showPart(draft().mode);
  return {
    title: t('where.title'),
    body,
    cleanup: () => cleanupPart?.(),
  };
}
