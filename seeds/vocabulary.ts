// Words the generator builds names and descriptions from. Kept apart from generate.ts so that the
// generator reads as logic; every key here is a taxonomy code (a test checks them against the files).
import type { Day, TimeOfDay } from '../src/modules/groups/groups.model.js';

export interface ConditionWords {
  /** How a group name says it ('Bipolar', 'Grief & Loss'); one is picked. */
  names: string[];
  /** Who the group is for, as a plural noun phrase that fits 'a support group for ...'. */
  who: string;
  /** The condition as a topic, for 'We also talk openly about ...'. */
  topic: string;
  /** In an organization's name, when the organization focuses on it. */
  org?: string;
  es: {
    /** With article, for 'Grupo de Apoyo para ...'. */
    title: string;
    /** Without article, for 'Círculo de Apoyo entre Pares: ...'. */
    bare: string;
    who: string;
    topic: string;
  };
}

export const CONDITION_WORDS: Record<string, ConditionWords> = {
  depression: {
    names: ['Depression'],
    who: 'people living with depression',
    topic: 'depression',
    org: 'Mood Disorders',
    es: {
      title: 'la Depresión',
      bare: 'Depresión',
      who: 'personas que viven con depresión',
      topic: 'la depresión',
    },
  },
  anxiety: {
    names: ['Anxiety'],
    who: 'people who live with anxiety, constant worry or panic attacks',
    topic: 'anxiety',
    org: 'Anxiety',
    es: {
      title: 'la Ansiedad',
      bare: 'Ansiedad',
      who: 'personas que viven con ansiedad, preocupación constante o ataques de pánico',
      topic: 'la ansiedad',
    },
  },
  social_anxiety: {
    names: ['Social Anxiety'],
    who: 'people who live with social anxiety',
    topic: 'social anxiety',
    es: {
      title: 'la Ansiedad Social',
      bare: 'Ansiedad Social',
      who: 'personas que viven con ansiedad social',
      topic: 'la ansiedad social',
    },
  },
  bipolar: {
    names: ['Bipolar', 'Bipolar Disorder'],
    who: 'adults living with bipolar disorder',
    topic: 'bipolar disorder',
    org: 'Bipolar',
    es: {
      title: 'el Trastorno Bipolar',
      bare: 'Trastorno Bipolar',
      who: 'personas que viven con trastorno bipolar',
      topic: 'el trastorno bipolar',
    },
  },
  ptsd: {
    names: ['PTSD', 'Trauma', 'Trauma & PTSD'],
    who: 'trauma survivors and people living with PTSD',
    topic: 'trauma',
    org: 'Trauma Recovery',
    es: {
      title: 'el Trauma y el TEPT',
      bare: 'Trauma y TEPT',
      who: 'sobrevivientes de trauma y personas que viven con estrés postraumático',
      topic: 'el trauma',
    },
  },
  ocd: {
    names: ['OCD'],
    who: 'people living with OCD and intrusive thoughts',
    topic: 'OCD',
    org: 'OCD',
    es: {
      title: 'el TOC',
      bare: 'TOC',
      who: 'personas que viven con trastorno obsesivo-compulsivo (TOC)',
      topic: 'el TOC',
    },
  },
  hoarding: {
    names: ['Hoarding'],
    who: 'people who struggle with hoarding and clutter',
    topic: 'hoarding',
    es: {
      title: 'la Acumulación Compulsiva',
      bare: 'Acumulación Compulsiva',
      who: 'personas que luchan con la acumulación compulsiva',
      topic: 'la acumulación',
    },
  },
  eating_disorders: {
    names: ['Eating Disorder Recovery', 'Eating Disorders'],
    who: 'people in recovery from an eating disorder',
    topic: 'eating disorders and body image',
    org: 'Eating Disorder Recovery',
    es: {
      title: 'los Trastornos Alimentarios',
      bare: 'Trastornos Alimentarios',
      who: 'personas en recuperación de un trastorno de la conducta alimentaria',
      topic: 'los trastornos alimentarios',
    },
  },
  grief_loss: {
    names: ['Grief', 'Grief & Loss', 'Bereavement'],
    who: 'anyone grieving the death of someone they love',
    topic: 'grief',
    org: 'Grief',
    es: {
      title: 'el Duelo',
      bare: 'Duelo y Pérdida',
      who: 'personas en duelo por la muerte de un ser querido',
      topic: 'el duelo',
    },
  },
  pregnancy_loss: {
    names: ['Pregnancy & Infant Loss'],
    who: 'parents grieving a miscarriage, stillbirth or infant loss',
    topic: 'pregnancy and infant loss',
    es: {
      title: 'la Pérdida Gestacional',
      bare: 'Pérdida Gestacional e Infantil',
      who: 'madres y padres en duelo por un aborto espontáneo, una muerte fetal o la pérdida de un bebé',
      topic: 'la pérdida gestacional',
    },
  },
  suicide_loss: {
    names: ['Suicide Loss Survivors', 'Survivors of Suicide Loss'],
    who: 'people who have lost someone to suicide',
    topic: 'suicide loss',
    org: 'Survivors of Suicide Loss',
    es: {
      title: 'Sobrevivientes de Pérdida por Suicidio',
      bare: 'Pérdida por Suicidio',
      who: 'personas que han perdido a un ser querido por suicidio',
      topic: 'la pérdida por suicidio',
    },
  },
  suicidal_thoughts: {
    names: ['Suicide Attempt Survivors', 'Suicidal Thoughts'],
    who: 'people who have lived through suicidal thoughts or a suicide attempt',
    topic: 'suicidal thoughts',
    es: {
      title: 'Sobrevivientes de Intentos de Suicidio',
      bare: 'Pensamientos Suicidas',
      who: 'personas que han vivido pensamientos suicidas o un intento de suicidio',
      topic: 'los pensamientos suicidas',
    },
  },
  self_harm: {
    names: ['Self-Harm Recovery', 'Self-Harm'],
    who: 'people with lived experience of self-harm',
    topic: 'self-harm',
    es: {
      title: 'las Autolesiones',
      bare: 'Autolesiones',
      who: 'personas con experiencia vivida de autolesiones',
      topic: 'las autolesiones',
    },
  },
  substance_use: {
    names: ['Addiction Recovery', 'Recovery'],
    who: 'people in recovery from drug or alcohol addiction',
    topic: 'substance use',
    org: 'Recovery',
    es: {
      title: 'la Recuperación de Adicciones',
      bare: 'Adicciones',
      who: 'personas en recuperación de adicciones',
      topic: 'las adicciones',
    },
  },
  opioid_use: {
    names: ['Opioid Recovery'],
    who: 'people in recovery from opioid addiction, with or without medication-assisted treatment',
    topic: 'opioid use',
    es: {
      title: 'la Recuperación de Opioides',
      bare: 'Opioides',
      who: 'personas en recuperación del consumo de opioides, incluidas quienes reciben tratamiento con medicamentos',
      topic: 'los opioides',
    },
  },
  alcohol: {
    names: ['Sobriety', 'Alcohol Recovery'],
    who: 'people who want to stop or cut back on drinking',
    topic: 'alcohol use',
    org: 'Sober Community',
    es: {
      title: 'la Sobriedad',
      bare: 'Alcoholismo',
      who: 'personas que quieren dejar de beber o beber menos',
      topic: 'el alcohol',
    },
  },
  gambling: {
    names: ['Gambling Recovery', 'Problem Gambling'],
    who: 'people affected by problem gambling',
    topic: 'gambling',
    es: {
      title: 'la Ludopatía',
      bare: 'Juego Compulsivo',
      who: 'personas afectadas por el juego compulsivo',
      topic: 'el juego compulsivo',
    },
  },
  psychosis: {
    names: ['Psychosis', 'Hearing Voices'],
    who: 'people who hear voices or have experienced psychosis',
    topic: 'psychosis',
    org: 'Hearing Voices',
    es: {
      title: 'la Psicosis',
      bare: 'Psicosis',
      who: 'personas que escuchan voces o han vivido la psicosis',
      topic: 'la psicosis',
    },
  },
  schizophrenia: {
    names: ['Schizophrenia'],
    who: 'people living with schizophrenia or schizoaffective disorder',
    topic: 'schizophrenia',
    es: {
      title: 'la Esquizofrenia',
      bare: 'Esquizofrenia',
      who: 'personas que viven con esquizofrenia o trastorno esquizoafectivo',
      topic: 'la esquizofrenia',
    },
  },
  borderline_personality: {
    names: ['BPD', 'Borderline Personality'],
    who: 'people living with borderline personality disorder',
    topic: 'BPD',
    es: {
      title: 'el Trastorno Límite de la Personalidad',
      bare: 'TLP',
      who: 'personas que viven con trastorno límite de la personalidad',
      topic: 'el TLP',
    },
  },
  adhd: {
    names: ['ADHD', 'Adult ADHD'],
    who: 'adults with ADHD',
    topic: 'ADHD',
    org: 'ADHD',
    es: { title: 'el TDAH', bare: 'TDAH', who: 'personas adultas con TDAH', topic: 'el TDAH' },
  },
  postpartum: {
    names: ['Postpartum', 'Perinatal Mood'],
    who: 'new and expecting parents facing postpartum depression or anxiety',
    topic: 'perinatal mood changes',
    org: 'Perinatal Wellness',
    es: {
      title: 'la Depresión Posparto',
      bare: 'Salud Mental Materna',
      who: 'madres y padres nuevos o en espera que enfrentan depresión o ansiedad posparto',
      topic: 'la depresión posparto',
    },
  },
  chronic_illness: {
    names: ['Chronic Illness', 'Chronic Pain'],
    who: 'people living with chronic illness or chronic pain',
    topic: 'chronic illness',
    org: 'Chronic Illness',
    es: {
      title: 'las Enfermedades Crónicas',
      bare: 'Enfermedad Crónica',
      who: 'personas que viven con una enfermedad crónica o dolor crónico',
      topic: 'la enfermedad crónica',
    },
  },
  dual_diagnosis: {
    names: ['Dual Diagnosis', 'Co-Occurring Recovery'],
    who: 'people living with both a mental health condition and a substance use disorder',
    topic: 'co-occurring conditions',
    es: {
      title: 'el Diagnóstico Dual',
      bare: 'Diagnóstico Dual',
      who: 'personas que viven a la vez con una condición de salud mental y un trastorno por consumo de sustancias',
      topic: 'el diagnóstico dual',
    },
  },
  family_caregivers: {
    names: ['Family & Caregivers', 'Family Members'],
    who: 'family members and caregivers of people with mental health conditions',
    topic: 'caring for a loved one',
    org: 'Family Mental Health',
    es: {
      title: 'Familiares y Cuidadores',
      bare: 'Familiares y Cuidadores',
      who: 'familiares y cuidadores de personas con condiciones de salud mental',
      topic: 'el cuidado de un ser querido',
    },
  },
  general_mental_health: {
    names: ['Mental Health', 'Emotional Wellness', 'Mental Wellness'],
    who: 'anyone who wants a supportive space to talk about their mental health',
    topic: 'everyday stress',
    org: 'Mental Health',
    es: {
      title: 'la Salud Mental',
      bare: 'Salud Mental',
      who: 'cualquier persona que busque un espacio de apoyo para hablar de su salud mental',
      topic: 'el estrés del día a día',
    },
  },
};

/** How often each condition is a group's main one. */
export const CONDITION_WEIGHTS: [string, number][] = [
  ['depression', 14],
  ['anxiety', 13],
  ['general_mental_health', 9],
  ['grief_loss', 8],
  ['bipolar', 7],
  ['ptsd', 7],
  ['substance_use', 7],
  ['alcohol', 6],
  ['family_caregivers', 5],
  ['ocd', 3],
  ['eating_disorders', 3],
  ['adhd', 3],
  ['postpartum', 3],
  ['chronic_illness', 3],
  ['suicide_loss', 2],
  ['psychosis', 2],
  ['borderline_personality', 2],
  ['dual_diagnosis', 2],
  ['social_anxiety', 2],
  ['opioid_use', 2],
  ['schizophrenia', 1],
  ['self_harm', 1],
  ['gambling', 1],
  ['pregnancy_loss', 1],
  ['suicidal_thoughts', 1],
  ['hoarding', 1],
];

/** Conditions that sensibly share a group with the key (a child term goes with its parent). */
export const RELATED_CONDITIONS: Record<string, string[]> = {
  depression: ['anxiety', 'anxiety', 'general_mental_health', 'bipolar', 'grief_loss'],
  anxiety: ['depression', 'depression', 'social_anxiety', 'ocd', 'ptsd'],
  social_anxiety: ['anxiety'],
  bipolar: ['depression', 'psychosis'],
  ptsd: ['anxiety', 'depression', 'substance_use'],
  ocd: ['anxiety', 'hoarding'],
  hoarding: ['ocd'],
  eating_disorders: ['anxiety', 'depression'],
  grief_loss: ['suicide_loss', 'pregnancy_loss', 'depression'],
  pregnancy_loss: ['grief_loss'],
  suicide_loss: ['grief_loss'],
  suicidal_thoughts: ['depression', 'self_harm'],
  self_harm: ['depression', 'suicidal_thoughts', 'borderline_personality'],
  substance_use: ['alcohol', 'opioid_use', 'dual_diagnosis'],
  opioid_use: ['substance_use'],
  alcohol: ['substance_use'],
  gambling: ['substance_use'],
  psychosis: ['schizophrenia', 'bipolar'],
  schizophrenia: ['psychosis'],
  borderline_personality: ['self_harm', 'depression'],
  adhd: ['anxiety', 'depression'],
  postpartum: ['depression', 'anxiety'],
  chronic_illness: ['depression', 'anxiety'],
  dual_diagnosis: ['substance_use', 'alcohol'],
  family_caregivers: ['psychosis', 'bipolar', 'substance_use', 'general_mental_health'],
  general_mental_health: ['anxiety', 'depression'],
};

/** Short names that read well joined with '&' ('Depression & Anxiety'). */
export const PAIRABLE_CONDITIONS = new Set([
  'depression',
  'anxiety',
  'bipolar',
  'ptsd',
  'ocd',
  'adhd',
  'psychosis',
  'schizophrenia',
  'grief_loss',
]);

/** Conditions for which 'Living with X' is a natural group name. */
export const LIVING_WITH = new Set([
  'depression',
  'anxiety',
  'bipolar',
  'ocd',
  'adhd',
  'chronic_illness',
  'psychosis',
  'schizophrenia',
  'borderline_personality',
  'ptsd',
]);

export type AffinityKind = 'identity' | 'gender' | 'age' | 'role' | 'belief';

export interface AffinityWords {
  kind: AffinityKind;
  weight: number;
  /** Before the condition in a group name ('Veterans PTSD Support'). */
  name: string;
  /** Whom the group is by and for, in a sentence. */
  audience: string;
  /** In an organization's name, when the organization serves this community. */
  org?: string;
  es: { name: string; audience: string };
}

export const AFFINITY_WORDS: Record<string, AffinityWords> = {
  lgbtq: {
    kind: 'identity',
    weight: 10,
    name: 'LGBTQ+',
    audience: 'LGBTQ+ people',
    org: 'LGBTQ+',
    es: { name: 'Comunidad LGBTQ+', audience: 'personas LGBTQ+' },
  },
  transgender_nonbinary: {
    kind: 'identity',
    weight: 5,
    name: 'Trans & Nonbinary',
    audience: 'trans and nonbinary people',
    org: 'Trans',
    es: { name: 'Personas Trans y No Binarias', audience: 'personas trans y no binarias' },
  },
  bipoc: {
    kind: 'identity',
    weight: 5,
    name: 'BIPOC',
    audience: 'Black, Indigenous and other people of color',
    org: 'BIPOC',
    es: { name: 'Personas de Color', audience: 'personas negras, indígenas y de color' },
  },
  black: {
    kind: 'identity',
    weight: 5,
    name: 'Black',
    audience: 'Black community members',
    org: 'Black',
    es: { name: 'Comunidad Negra', audience: 'la comunidad negra' },
  },
  latinx: {
    kind: 'identity',
    weight: 4,
    name: 'Latinx',
    audience: 'Latinx community members',
    org: 'Latinx',
    es: { name: 'Comunidad Latina', audience: 'la comunidad latina' },
  },
  asian_pacific_islander: {
    kind: 'identity',
    weight: 4,
    name: 'AAPI',
    audience: 'Asian American and Pacific Islander community members',
    org: 'AAPI',
    es: { name: 'Comunidad AAPI', audience: 'personas asiático-americanas e isleñas del Pacífico' },
  },
  indigenous: {
    kind: 'identity',
    weight: 2,
    name: 'Indigenous',
    audience: 'Indigenous community members',
    org: 'Indigenous',
    es: { name: 'Comunidad Indígena', audience: 'personas indígenas' },
  },
  women: {
    kind: 'gender',
    weight: 9,
    name: "Women's",
    audience: 'women',
    org: "Women's",
    es: { name: 'Mujeres', audience: 'mujeres' },
  },
  men: {
    kind: 'gender',
    weight: 6,
    name: "Men's",
    audience: 'men',
    org: "Men's",
    es: { name: 'Hombres', audience: 'hombres' },
  },
  veterans_military: {
    kind: 'role',
    weight: 8,
    name: 'Veterans',
    audience: 'veterans, service members and their families',
    org: 'Veterans',
    es: { name: 'Veteranos', audience: 'veteranos, militares y sus familias' },
  },
  youth: {
    kind: 'age',
    weight: 4,
    name: 'Teen',
    audience: 'teens aged 13 to 17',
    es: { name: 'Jóvenes', audience: 'jóvenes de 13 a 17 años' },
  },
  young_adults: {
    kind: 'age',
    weight: 8,
    name: 'Young Adults',
    audience: 'young adults aged 18 to 30',
    org: 'Young Adult',
    es: { name: 'Adultos Jóvenes', audience: 'adultos jóvenes de 18 a 30 años' },
  },
  seniors: {
    kind: 'age',
    weight: 5,
    name: 'Older Adults',
    audience: 'adults 60 and older',
    org: 'Older Adults',
    es: { name: 'Adultos Mayores', audience: 'adultos mayores de 60 años' },
  },
  students: {
    kind: 'age',
    weight: 4,
    name: 'Student',
    audience: 'college and university students',
    org: 'Student',
    es: { name: 'Estudiantes', audience: 'estudiantes universitarios' },
  },
  parents: {
    kind: 'role',
    weight: 5,
    name: "Parents'",
    audience: 'parents',
    org: 'Parents',
    es: { name: 'Madres y Padres', audience: 'madres y padres' },
  },
  healthcare_workers: {
    kind: 'role',
    weight: 3,
    name: 'Healthcare Workers',
    audience: 'nurses, doctors and other healthcare workers',
    org: 'Healthcare Workers',
    es: {
      name: 'Trabajadores de la Salud',
      audience: 'personal de enfermería, médicos y otros trabajadores de la salud',
    },
  },
  deaf_hard_of_hearing: {
    kind: 'role',
    weight: 1,
    name: 'Deaf & Hard of Hearing',
    audience: 'Deaf and hard-of-hearing people',
    es: { name: 'Comunidad Sorda', audience: 'personas sordas o con pérdida auditiva' },
  },
  faith_based: {
    kind: 'belief',
    weight: 4,
    name: 'Faith-Based',
    audience: 'people who want to bring their faith into the conversation',
    org: 'Faith Community',
    es: { name: 'Fe y Esperanza', audience: 'personas que quieren incluir su fe en la conversación' },
  },
  secular: {
    kind: 'belief',
    weight: 2,
    name: 'Secular',
    audience: 'people who prefer a secular, non-religious space',
    es: { name: 'Espacio Laico', audience: 'personas que prefieren un espacio laico' },
  },
};

export const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  es: 'Spanish',
  fr: 'French',
  zh: 'Chinese',
  vi: 'Vietnamese',
  ko: 'Korean',
  tl: 'Tagalog',
  ar: 'Arabic',
  ru: 'Russian',
  pt: 'Portuguese',
  ht: 'Haitian Creole',
  ase: 'American Sign Language',
};

export const DAY_NAMES: Record<Day, { en: string; es: string }> = {
  mon: { en: 'Monday', es: 'Lunes' },
  tue: { en: 'Tuesday', es: 'Martes' },
  wed: { en: 'Wednesday', es: 'Miércoles' },
  thu: { en: 'Thursday', es: 'Jueves' },
  fri: { en: 'Friday', es: 'Viernes' },
  sat: { en: 'Saturday', es: 'Sábado' },
  sun: { en: 'Sunday', es: 'Domingo' },
};

export const TIME_OF_DAY_NAMES: Record<TimeOfDay, { en: string; es: string }> = {
  morning: { en: 'Morning', es: 'por la Mañana' },
  afternoon: { en: 'Afternoon', es: 'por la Tarde' },
  evening: { en: 'Evening', es: 'por la Noche' },
  night: { en: 'Night', es: 'por la Noche' },
};

/** week_of_month -> ordinal, for monthly meetings ('Second Saturday', 'Último Domingo'). */
export const ORDINALS: Record<string, { en: string; es: string }> = {
  '1': { en: 'First', es: 'Primer' },
  '2': { en: 'Second', es: 'Segundo' },
  '3': { en: 'Third', es: 'Tercer' },
  '4': { en: 'Fourth', es: 'Cuarto' },
  '5': { en: 'Fifth', es: 'Quinto' },
  '-1': { en: 'Last', es: 'Último' },
};

/** First words of names of organizations that work across the country, mostly online. */
export const NATIONAL_ORG_WORDS = [
  'Lantern',
  'Harbor',
  'Common Ground',
  'Open Door',
  'Kindred',
  'Beacon',
  'Wellspring',
  'Bridges',
  'Steady Ground',
  'Clear Sky',
  'Evergreen',
  'Northstar',
  'Hearth',
  'Compass',
  'Threshold',
  'Riverbend',
  'Morning Light',
  'Safe Harbor',
  'Open Circle',
  'Shared Path',
];

export const US_STREETS = [
  'Oak',
  'Maple',
  'Cedar',
  'Elm',
  'Pine',
  'Walnut',
  'Lake',
  'Hill',
  'Park',
  'Washington',
  'Lincoln',
  'Jefferson',
  'Franklin',
  'Madison',
  'Church',
  'Mill',
  'Spring',
  'Union',
  'Market',
  'Center',
  'River',
  'Highland',
  'Grove',
  'Chestnut',
  'Sunset',
  'Ridge',
  'Willow',
  'Liberty',
  'Magnolia',
  'College',
];
export const US_STREET_TYPES = ['St', 'Ave', 'Blvd', 'Rd', 'Dr', 'Ln', 'Way', 'Pl'];
export const UK_STREETS = [
  'Victoria',
  'Station',
  'Church',
  'Park',
  'Mill',
  'High',
  'Albert',
  'Queen',
  'King',
  'Chapel',
  'Market',
  'Canal',
  'Bridge',
  'Grove',
  'Princess',
  'George',
  'Clarence',
  'Union',
  'Elm',
  'Brunswick',
];
export const UK_STREET_TYPES = ['Road', 'Street', 'Lane', 'Avenue', 'Place', 'Terrace', 'Gardens'];
