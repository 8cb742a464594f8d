// Crisis lines shown next to the directory: peer support groups are not crisis services, and
// anyone in danger needs these first. Keyed by ISO 3166-1 alpha-2; DEFAULT for every other country.
// Checked against each service's own site; keep `url` pointing at the service, not at a search.

export interface LocalizedText {
  en: string;
  es: string;
}

export interface CrisisResource {
  id: string;
  name: string;
  description: LocalizedText;
  /** Numbers to call, as dialed in the country. */
  phone: string | null;
  /** Number to text, when the service takes texts. */
  text: string | null;
  /** Web chat, when the service has one. */
  chat_url: string | null;
  url: string;
  available: LocalizedText;
}

export const DEFAULT_COUNTRY = 'DEFAULT';

export const CRISIS_RESOURCES: Readonly<Record<string, readonly CrisisResource[]>> = {
  US: [
    {
      id: 'us-988',
      name: '988 Suicide & Crisis Lifeline',
      description: {
        en: 'Free, confidential support for people in distress or suicidal crisis, and for those who worry about them. Call or text 988.',
        es: 'Apoyo gratuito y confidencial para personas en angustia o crisis suicida, y para quienes se preocupan por ellas. Llama o envía un mensaje de texto al 988 (marca 2 para español).',
      },
      phone: '988',
      text: '988',
      chat_url: 'https://988lifeline.org/chat/',
      url: 'https://988lifeline.org/',
      available: { en: '24 hours a day, 7 days a week', es: 'Las 24 horas, los 7 días de la semana' },
    },
  ],
  GB: [
    {
      id: 'gb-samaritans',
      name: 'Samaritans',
      description: {
        en: 'Whatever you are going through, call Samaritans free on 116 123.',
        es: 'Pase lo que pase, llama gratis a Samaritans al 116 123.',
      },
      phone: '116 123',
      text: null,
      chat_url: null,
      url: 'https://www.samaritans.org/',
      available: { en: '24 hours a day, 365 days a year', es: 'Las 24 horas, los 365 días del año' },
    },
  ],
  IE: [
    {
      id: 'ie-samaritans',
      name: 'Samaritans Ireland',
      description: {
        en: 'Whatever you are going through, call Samaritans free on 116 123.',
        es: 'Pase lo que pase, llama gratis a Samaritans al 116 123.',
      },
      phone: '116 123',
      text: null,
      chat_url: null,
      url: 'https://www.samaritans.org/ireland/',
      available: { en: '24 hours a day, 365 days a year', es: 'Las 24 horas, los 365 días del año' },
    },
  ],
  CA: [
    {
      id: 'ca-988',
      name: '9-8-8 Suicide Crisis Helpline',
      description: {
        en: 'If you are thinking about suicide, or worried about someone, call or text 9-8-8.',
        es: 'Si piensas en el suicidio, o te preocupa alguien, llama o envía un mensaje de texto al 9-8-8.',
      },
      phone: '988',
      text: '988',
      chat_url: null,
      url: 'https://988.ca/',
      available: { en: '24 hours a day, 7 days a week', es: 'Las 24 horas, los 7 días de la semana' },
    },
  ],
  AU: [
    {
      id: 'au-lifeline',
      name: 'Lifeline Australia',
      description: {
        en: 'Crisis support and suicide prevention: call 13 11 14.',
        es: 'Apoyo en crisis y prevención del suicidio: llama al 13 11 14.',
      },
      phone: '13 11 14',
      text: null,
      chat_url: 'https://www.lifeline.org.au/crisis-chat/',
      url: 'https://www.lifeline.org.au/',
      available: { en: '24 hours a day, 7 days a week', es: 'Las 24 horas, los 7 días de la semana' },
    },
  ],
  [DEFAULT_COUNTRY]: [
    {
      id: 'intl-findahelpline',
      name: 'Find A Helpline',
      description: {
        en: 'An international directory of free, confidential crisis lines: find one in your country.',
        es: 'Un directorio internacional de líneas de crisis gratuitas y confidenciales: encuentra una en tu país.',
      },
      phone: null,
      text: null,
      chat_url: null,
      url: 'https://findahelpline.com/',
      available: { en: 'Varies by service', es: 'Varía según el servicio' },
    },
  ],
};

/** Aliases people send for countries we list (UK is GB's common name). */
export const COUNTRY_ALIASES: Readonly<Record<string, string>> = { UK: 'GB' };
