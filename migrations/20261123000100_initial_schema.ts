// Initial schema: organizations, groups, meetings, taxonomy terms, and the search helpers.
// Frozen in time: never import from src/ here; later changes get a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS cube`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS earthdistance`.execute(db);

  // unaccent() is only STABLE (it depends on the dictionary search path), so it cannot be used in
  // an index or generated column. Naming the dictionary explicitly makes the result fixed.
  await sql`
    CREATE FUNCTION circles_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN public.unaccent('public.unaccent'::regdictionary, $1)
  `.execute(db);

  await sql`
    CREATE TABLE taxonomy_vocabularies (
      code        text PRIMARY KEY,
      description text NOT NULL,
      position    integer NOT NULL DEFAULT 0
    )
  `.execute(db);

  await sql`
    CREATE TABLE taxonomy_terms (
      vocabulary  text NOT NULL REFERENCES taxonomy_vocabularies (code) ON DELETE CASCADE,
      code        text NOT NULL,
      labels      jsonb NOT NULL,
      synonyms    text[] NOT NULL DEFAULT '{}',
      parent_code text,
      position    integer NOT NULL DEFAULT 0,
      PRIMARY KEY (vocabulary, code)
    )
  `.execute(db);

  await sql`
    CREATE TABLE organizations (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug        text NOT NULL UNIQUE,
      name        text NOT NULL,
      description text,
      website     text,
      email       text,
      phone       text,
      trust_level text NOT NULL DEFAULT 'new' CHECK (trust_level IN ('new', 'trusted')),
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);

  await sql`
    CREATE TABLE groups (
      id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug                text NOT NULL UNIQUE,
      organization_id     uuid NOT NULL REFERENCES organizations (id),
      external_id         text,
      name                text NOT NULL,
      description         text NOT NULL DEFAULT '',
      conditions          text[] NOT NULL DEFAULT '{}',
      affinities          text[] NOT NULL DEFAULT '{}',
      attendance          text NOT NULL CHECK (attendance IN ('in_person', 'online', 'hybrid')),
      facilitation        text NOT NULL CHECK (facilitation IN ('peer_led', 'professional', 'co_facilitated')),
      access              text NOT NULL CHECK (access IN ('open', 'closed', 'registration')),
      cost                text NOT NULL CHECK (cost IN ('free', 'donation', 'sliding_scale', 'fee')),
      languages           text[] NOT NULL DEFAULT '{}',
      accessibility       text[] NOT NULL DEFAULT '{}',
      age_min             smallint,
      age_max             smallint,
      street              text,
      locality            text,
      region              text,
      postal_code         text,
      country             text,
      lat                 double precision,
      lng                 double precision,
      location_approximate boolean NOT NULL DEFAULT false,
      online_url          text,
      online_dial_in      text,
      online_notes        text,
      contact_name        text,
      contact_email       text,
      contact_phone       text,
      website             text,
      timezone            text NOT NULL,
      status              text NOT NULL DEFAULT 'draft'
                          CHECK (status IN ('draft', 'pending_review', 'published', 'rejected', 'archived')),
      temporarily_closed  boolean NOT NULL DEFAULT false,
      closed_note         text,
      meeting_days        text[] NOT NULL DEFAULT '{}',
      schedule_slots      text[] NOT NULL DEFAULT '{}',
      search_vector       tsvector NOT NULL DEFAULT ''::tsvector,
      last_verified_at    timestamptz,
      version             integer NOT NULL DEFAULT 1,
      created_at          timestamptz NOT NULL DEFAULT now(),
      updated_at          timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organization_id, external_id),
      CHECK ((lat IS NULL) = (lng IS NULL)),
      CHECK (attendance = 'online' OR lat IS NOT NULL),
      CHECK (age_min IS NULL OR age_max IS NULL OR age_min <= age_max)
    )
  `.execute(db);

  await sql`
    CREATE TABLE meetings (
      id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      group_id         uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
      position         smallint NOT NULL DEFAULT 0,
      frequency        text NOT NULL CHECK (frequency IN ('weekly', 'monthly')),
      day              text NOT NULL CHECK (day IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
      week_of_month    smallint CHECK (week_of_month IN (-1, 1, 2, 3, 4, 5)),
      start_time       time NOT NULL,
      duration_minutes smallint NOT NULL CHECK (duration_minutes BETWEEN 5 AND 720),
      timezone         text NOT NULL,
      attendance       text CHECK (attendance IN ('in_person', 'online', 'hybrid')),
      CHECK ((frequency = 'monthly') = (week_of_month IS NOT NULL))
    )
  `.execute(db);
  await sql`CREATE INDEX meetings_group_id_idx ON meetings (group_id, position)`.execute(db);

  // Search document. Names weigh most, then the group's taxonomy labels (English and Spanish) and
  // codes, then the description and place. Synonyms are expanded on the query side from the
  // taxonomy, so the document only needs the codes they expand to.
  await sql`
    CREATE FUNCTION circles_group_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      labels text;
    BEGIN
      SELECT string_agg(coalesce(t.labels->>'en', '') || ' ' || coalesce(t.labels->>'es', ''), ' ')
        INTO labels
        FROM taxonomy_terms t
       WHERE (t.vocabulary = 'conditions' AND t.code = ANY (NEW.conditions))
          OR (t.vocabulary = 'affinities' AND t.code = ANY (NEW.affinities));
      NEW.search_vector :=
           setweight(to_tsvector('english', circles_unaccent(NEW.name)), 'A')
        || setweight(to_tsvector('english', circles_unaccent(coalesce(labels, ''))), 'B')
        || setweight(array_to_tsvector(NEW.conditions || NEW.affinities), 'B')
        || setweight(to_tsvector('english', circles_unaccent(NEW.description)), 'C')
        || setweight(to_tsvector('simple', circles_unaccent(
             concat_ws(' ', NEW.locality, NEW.region, NEW.postal_code))), 'D');
      RETURN NEW;
    END
    $$
  `.execute(db);
  await sql`
    CREATE TRIGGER groups_search_vector
    BEFORE INSERT OR UPDATE OF name, description, conditions, affinities, locality, region, postal_code
    ON groups FOR EACH ROW EXECUTE FUNCTION circles_group_search_vector()
  `.execute(db);

  // Words that typo correction may suggest (pg_trgm similarity): group names and taxonomy labels
  // and synonyms. Short fields only: trigram matching over long descriptions is slow (FIELD-NOTES).
  await sql`CREATE TABLE search_words (word text PRIMARY KEY)`.execute(db);
  await sql`CREATE INDEX search_words_trgm_idx ON search_words USING gin (word gin_trgm_ops)`.execute(db);
  await sql`
    CREATE FUNCTION circles_words(input text) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT DISTINCT w FROM regexp_split_to_table(lower(circles_unaccent(input)), '[^[:alnum:]]+') w
       WHERE length(w) >= 3
    $$
  `.execute(db);
  await sql`
    CREATE FUNCTION circles_collect_group_words() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_words (word) SELECT circles_words(NEW.name) ON CONFLICT DO NOTHING;
      RETURN NULL;
    END
    $$
  `.execute(db);
  await sql`
    CREATE TRIGGER groups_collect_words AFTER INSERT OR UPDATE OF name ON groups
    FOR EACH ROW EXECUTE FUNCTION circles_collect_group_words()
  `.execute(db);

  // The next start of a meeting strictly after a moment, in the meeting's own timezone, so that
  // wall-clock time stays fixed across daylight-saving changes. The reference implementation is
  // src/schedule/next-occurrence.ts; test/search compares the two.
  await sql`
    CREATE FUNCTION circles_next_occurrence(
      frequency text, day text, week_of_month smallint, start_time time, tz text, after timestamptz
    ) RETURNS timestamptz LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
    DECLARE
      target_dow int := array_position(ARRAY['mon','tue','wed','thu','fri','sat','sun'], day);
      local_today date := (after AT TIME ZONE tz)::date;
      candidate_date date;
      candidate timestamptz;
      month_start date;
      first_dow date;
      i int;
    BEGIN
      IF frequency = 'weekly' THEN
        FOR i IN 0..7 LOOP
          candidate_date := local_today + i;
          IF extract(isodow FROM candidate_date) = target_dow THEN
            candidate := (candidate_date + start_time) AT TIME ZONE tz;
            IF candidate > after THEN RETURN candidate; END IF;
          END IF;
        END LOOP;
        RETURN NULL;
      END IF;
      FOR i IN 0..13 LOOP
        month_start := (date_trunc('month', local_today) + make_interval(months => i))::date;
        first_dow := month_start + ((target_dow - extract(isodow FROM month_start)::int + 7) % 7);
        IF week_of_month = -1 THEN
          candidate_date := first_dow + 28;
          IF candidate_date >= (month_start + interval '1 month')::date THEN
            candidate_date := candidate_date - 7;
          END IF;
        ELSE
          candidate_date := first_dow + (week_of_month - 1) * 7;
          IF candidate_date >= (month_start + interval '1 month')::date THEN
            CONTINUE;
          END IF;
        END IF;
        candidate := (candidate_date + start_time) AT TIME ZONE tz;
        IF candidate > after THEN RETURN candidate; END IF;
      END LOOP;
      RETURN NULL;
    END
    $$
  `.execute(db);

  // Indexes: every filter is an equality or array overlap on published rows.
  await sql`CREATE INDEX groups_search_vector_idx ON groups USING gin (search_vector)`.execute(db);
  await sql`CREATE INDEX groups_name_trgm_idx ON groups USING gin (name gin_trgm_ops)`.execute(db);
  for (const column of [
    'conditions',
    'affinities',
    'languages',
    'accessibility',
    'meeting_days',
    'schedule_slots',
  ]) {
    await sql`CREATE INDEX ${sql.id(`groups_${column}_idx`)} ON groups USING gin (${sql.id(column)})`.execute(
      db,
    );
  }
  for (const column of ['attendance', 'facilitation', 'access', 'cost']) {
    await sql`CREATE INDEX ${sql.id(`groups_${column}_idx`)} ON groups (${sql.id(column)}) WHERE status = 'published'`.execute(
      db,
    );
  }
  await sql`CREATE INDEX groups_status_updated_idx ON groups (status, updated_at DESC, id)`.execute(db);
  await sql`CREATE INDEX groups_organization_idx ON groups (organization_id)`.execute(db);
  await sql`CREATE INDEX groups_earth_idx ON groups USING gist (ll_to_earth(lat, lng)) WHERE lat IS NOT NULL`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS meetings`.execute(db);
  await sql`DROP TABLE IF EXISTS groups`.execute(db);
  await sql`DROP TABLE IF EXISTS organizations`.execute(db);
  await sql`DROP TABLE IF EXISTS taxonomy_terms`.execute(db);
  await sql`DROP TABLE IF EXISTS taxonomy_vocabularies`.execute(db);
  await sql`DROP TABLE IF EXISTS search_words`.execute(db);
  await sql`DROP FUNCTION IF EXISTS circles_group_search_vector()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS circles_collect_group_words()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS circles_words(text)`.execute(db);
  await sql`DROP FUNCTION IF EXISTS circles_next_occurrence(text, text, smallint, time, text, timestamptz)`.execute(
    db,
  );
  await sql`DROP FUNCTION IF EXISTS circles_unaccent(text)`.execute(db);
  // Extensions stay: other schemas on the same server may use them.
}
