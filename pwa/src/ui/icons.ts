/** 24×24 stroke paths. Icons are decorative: the text next to them carries the meaning. */
export const ICONS = {
  pin: 'M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21z M12 7.5a2 2 0 1 0 0 4 2 2 0 1 0 0-4z',
  locate: 'M12 2v3 M12 19v3 M2 12h3 M19 12h3 M12 6a6 6 0 1 0 0 12 6 6 0 1 0 0-12z M12 10a2 2 0 1 0 0 4 2 2 0 1 0 0-4z',
  phone: 'M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2z',
  check: 'M5 12.5l4.5 4.5L19 7.5',
  alert: 'M12 3 2 21h20L12 3z M12 10v5 M12 18v.01',
  info: 'M12 3a9 9 0 1 0 0 18 9 9 0 1 0 0-18z M12 11v6 M12 7.5v.01',
  copy: 'M9 9h11v11H9z M5 15H4V4h11v1',
  share:
    'M18 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6z M6 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z M18 22a3 3 0 1 0 0-6 3 3 0 0 0 0 6z M8.6 13.5l6.8 4 M15.4 6.5l-6.8 4',
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 1 0 0-18z M12 7v5l3 3',
  cloudOff: 'M3 3l18 18 M8 8a5 5 0 0 0-1 9.9h10.5 M12 5.3A6 6 0 0 1 19 11a4 4 0 0 1 2 6.5',
  camera: 'M3 8h4l2-3h6l2 3h4v12H3z M12 10a3.5 3.5 0 1 0 0 7 3.5 3.5 0 1 0 0-7z',
  globe: 'M12 3a9 9 0 1 0 0 18 9 9 0 1 0 0-18z M3 12h18 M12 3c3 3.5 3 14.5 0 18 M12 3c-3 3.5-3 14.5 0 18',
} as const;

const CATEGORY_ICONS: Record<string, string> = {
  unsafe_place: ICONS.alert,
  vandalism: 'M3 21l9-9 M13 3l8 8-3 3-8-8z M6 4l2 3 M3 9l3 1',
  graffiti: 'M8 9h8v12H8z M10 5h4v4h-4z M18 3v.01 M20 6v.01 M17 6v.01',
  littering: 'M4 7h16 M9 7V4h6v3 M6 7l1 14h10l1-14 M10 11v6 M14 11v6',
  fire: 'M12 3c1 4 5 6 5 11a5 5 0 0 1-10 0c0-3 2-4.5 2-7 1.5 1 2.5 2.5 3 4 .5-3-.5-5.5 0-8z',
  fireworks: 'M12 2v5 M12 17v5 M2 12h5 M17 12h5 M5 5l3.5 3.5 M15.5 15.5 19 19 M5 19l3.5-3.5 M15.5 8.5 19 5',
  disorder: 'M3 10v4h4l6 5V5l-6 5H3z M16 9a4 4 0 0 1 0 6 M19 6a8 8 0 0 1 0 12',
  gathering:
    'M5 8a3 3 0 1 0 6 0 3 3 0 1 0-6 0 M13 8a3 3 0 1 0 6 0 3 3 0 1 0-6 0 M2 20c0-3 2.5-5 6-5s6 2 6 5 M15 15c3.5 0 7 1.5 7 5',
  intoxication: 'M10 2h4v4l2 3v13H8V9l2-3z M8 13h8',
  drugs: 'M4.5 12.5l8-8a5 5 0 0 1 7 7l-8 8a5 5 0 0 1-7-7z M8.5 8.5l7 7',
  threat_violence: 'M13 2 4 14h7l-1 8 9-12h-7z',
  harassment: 'M4 4h16v12H9l-5 4z M12 7v4 M12 13.5v.01',
  theft_burglary: 'M6 11h12v10H6z M8 11V7a4 4 0 0 1 8 0v4 M12 15v2',
  reckless_driving: 'M3 16v-4l2-5h14l2 5v4z M3 16v3h3v-3 M18 16v3h3v-3 M7 13h.01 M17 13h.01',
  safe_place: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z M8.5 12l2.5 2.5 4.5-5',
  other: 'M12 3a9 9 0 1 0 0 18 9 9 0 1 0 0-18z M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.6V14 M12 17v.01',
};

export const categoryIcon = (slug: string): string => CATEGORY_ICONS[slug] ?? CATEGORY_ICONS['other']!;
