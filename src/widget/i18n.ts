// The widget's words in English and Spanish, and how the language, locale and country are chosen.

const en = {
  title: 'Find a peer support group',
  search: 'Search groups',
  searchHint: 'Condition, community or group name',
  place: 'ZIP code or place',
  placeHint: 'e.g. 10001 or Austin, TX',
  nearMe: 'Near me',
  you: 'you',
  locating: 'Finding your location…',
  locateFailed: 'Could not get your location. Type a ZIP code or place instead.',
  clearPlace: 'Clear place',
  condition: 'Condition',
  attendance: 'Format',
  affinity: 'Community',
  language: 'Language',
  moreFilters: 'More filters',
  groups: (n: number) => (n === 1 ? '1 group' : `${n.toLocaleString('en')} groups`),
  groupsNear: (n: number, place: string) =>
    `${n === 1 ? '1 group' : `${n.toLocaleString('en')} groups`} near ${place} or online`,
  chip: (label: string, n: number) => `${label}, ${n === 1 ? '1 group' : `${n} groups`}`,
  none: 'No groups match. Try fewer filters or another spelling.',
  searching: 'Searching…',
  failed: 'Could not load groups. Please try again.',
  tooMany: 'Too many searches in a short time. Please wait a minute and try again.',
  unknownPlace: 'We don’t know that place. Try a ZIP code or a name like “Austin, TX”.',
  retry: 'Try again',
  next: 'Next meeting',
  noNext: 'No upcoming meeting listed',
  yourTime: 'your time',
  join: 'Join online',
  addCal: 'Add to calendar',
  back: 'Back to results',
  away: (d: string) => `${d} away`,
  closed: 'Temporarily closed',
  more: 'Show more groups',
  crisis: 'In crisis or thinking about suicide? You don’t have to wait for a group:',
  call: 'Call',
  text: 'Text',
  chat: 'Chat online',
  meetings: 'Meetings',
  every: (day: string) => `Every ${day}`,
  monthly: (nth: string, day: string) => `The ${nth} ${day} of each month`,
  nth: ['', 'first', 'second', 'third', 'fourth', 'fifth'],
  last: 'last',
  localTime: (time: string, city: string) => `at ${time} ${city} time`,
  minutes: (n: number) => `${n} min`,
  where: 'Where',
  areaOnly: 'Approximate area: the organizers share the exact place when you contact them.',
  online: 'Online',
  phone: 'By phone',
  contact: 'Contact',
  website: 'Website',
  languages: 'Languages',
  accessibility: 'Accessibility',
  about: 'About this group',
  runBy: (org: string) => `Run by ${org}`,
  loading: 'Loading…',
  source: 'Listings from Circles, an open directory of peer support groups.',
  submit: 'Search',
  emergency: 'If you are in danger now, call your local emergency number.',
  results: 'Results',
};

export type Strings = typeof en;

const es: Strings = {
  title: 'Encuentra un grupo de apoyo entre pares',
  search: 'Buscar grupos',
  searchHint: 'Condición, comunidad o nombre del grupo',
  place: 'Código postal o lugar',
  placeHint: 'p. ej., 10001 o Austin, TX',
  nearMe: 'Cerca de mí',
  you: 'ti',
  locating: 'Buscando tu ubicación…',
  locateFailed: 'No pudimos obtener tu ubicación. Escribe un código postal o un lugar.',
  clearPlace: 'Borrar lugar',
  condition: 'Condición',
  attendance: 'Modalidad',
  affinity: 'Comunidad',
  language: 'Idioma',
  moreFilters: 'Más filtros',
  groups: (n) => (n === 1 ? '1 grupo' : `${n.toLocaleString('es')} grupos`),
  groupsNear: (n, place) =>
    `${n === 1 ? '1 grupo' : `${n.toLocaleString('es')} grupos`} cerca de ${place} o en línea`,
  chip: (label, n) => `${label}, ${n === 1 ? '1 grupo' : `${n} grupos`}`,
  none: 'Ningún grupo coincide. Prueba con menos filtros u otra ortografía.',
  searching: 'Buscando…',
  failed: 'No pudimos cargar los grupos. Inténtalo de nuevo.',
  tooMany: 'Demasiadas búsquedas en poco tiempo. Espera un minuto e inténtalo de nuevo.',
  unknownPlace: 'No conocemos ese lugar. Prueba con un código postal o un nombre como “Austin, TX”.',
  retry: 'Reintentar',
  next: 'Próxima reunión',
  noNext: 'No hay reuniones próximas',
  yourTime: 'tu hora',
  join: 'Unirse en línea',
  addCal: 'Añadir al calendario',
  back: 'Volver a los resultados',
  away: (d) => `a ${d}`,
  closed: 'Cerrado temporalmente',
  more: 'Mostrar más grupos',
  crisis: '¿Estás en crisis o pensando en el suicidio? No tienes que esperar a un grupo:',
  call: 'Llama',
  text: 'Envía un mensaje',
  chat: 'Chat en línea',
  meetings: 'Reuniones',
  every: (day) => `Cada ${day}`,
  monthly: (nth, day) => `El ${nth} ${day} de cada mes`,
  nth: ['', 'primer', 'segundo', 'tercer', 'cuarto', 'quinto'],
  last: 'último',
  localTime: (time, city) => `a las ${time}, hora de ${city}`,
  minutes: (n) => `${n} min`,
  where: 'Dónde',
  areaOnly: 'Zona aproximada: los organizadores comparten el lugar exacto cuando los contactas.',
  online: 'En línea',
  phone: 'Por teléfono',
  contact: 'Contacto',
  website: 'Sitio web',
  languages: 'Idiomas',
  accessibility: 'Accesibilidad',
  about: 'Sobre este grupo',
  runBy: (org) => `Organizado por ${org}`,
  loading: 'Cargando…',
  source: 'Listados de Circles, un directorio abierto de grupos de apoyo entre pares.',
  submit: 'Buscar',
  emergency: 'Si estás en peligro ahora, llama al número de emergencias de tu país.',
  results: 'Resultados',
};

export type Lang = 'en' | 'es';

export const STRINGS: Record<Lang, Strings> = { en, es };

/** `lang` attribute first (en, es, or with a region: es-MX), then the browser's language. */
export function pickLang(attr: string | null, browser: readonly string[]): Lang {
  for (const tag of [attr ?? '', ...browser]) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'en' || base === 'es') return base;
  }
  return 'en';
}

/** The locale for dates and numbers: the browser's own when it speaks the chosen language (en-GB: 24h). */
export function pickLocale(lang: Lang, attr: string | null, browser: readonly string[]): string {
  return [attr ?? '', ...browser].find((tag) => tag.toLowerCase().split('-')[0] === lang) || lang;
}

/** The country whose crisis lines to show: `country`, else a region in `lang` or the browser's languages. */
export function pickCountry(
  countryAttr: string | null,
  lang: string | null,
  browser: readonly string[],
): string | null {
  if (countryAttr && /^[a-z]{2}$/i.test(countryAttr.trim())) return countryAttr.trim().toUpperCase();
  for (const tag of [lang ?? '', ...browser]) {
    const region = /^[a-z]{2,3}-(?:[a-z]{4}-)?([a-z]{2})\b/i.exec(tag)?.[1];
    if (region) return region.toUpperCase();
  }
  return null; // the server's international list
}
