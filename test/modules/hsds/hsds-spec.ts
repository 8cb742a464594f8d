// Validators from the Open Referral HSDS 3.0 JSON schemas and OpenAPI document in
// ../shared/specs/hsds-3.0 (JSON Schema 2020-12, the OpenAPI document's jsonSchemaDialect). The
// schemas are loaded one file per object, with their relative $refs ("phone.json") resolved among
// themselves: the same rules as the inlined schemas of compiled/, which take ~10 s each to compile.
// Without ../shared (a plain clone), SPEC_SKIP says why, and the tests that need it skip.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { findRepoRoot } from '../../../src/lib/paths.js';

const DIR = path.resolve(findRepoRoot(), '..', 'shared', 'specs', 'hsds-3.0');

export const SPEC_SKIP: string | false = existsSync(path.join(DIR, 'service.json'))
  ? false
  : `the HSDS 3.0 schemas are not at ${DIR} (they come with ../shared)`;

export interface HsdsSpec {
  /** Validator of one HSDS object schema, by file name (service.json, compiled/service_list.json, ...). */
  object(name: string): ValidateFunction;
  /** Validator of the 200 response of an operation of the HSDS OpenAPI document, `contents` excluded. */
  page: ValidateFunction;
  /** Validator of the 200 response of GET / of the HSDS OpenAPI document. */
  apiInfo: ValidateFunction;
}

let loaded: HsdsSpec | null = null;

export function hsdsSpec(): HsdsSpec {
  if (loaded) return loaded;
  // The schemas carry Table Schema keywords (name, core, constraints, ...): not JSON Schema, ignored.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'openapi.json')) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(DIR, file), 'utf8')), file);
  }
  const openapi = JSON.parse(readFileSync(path.join(DIR, 'openapi.json'), 'utf8'));
  const compiled = new Map<string, ValidateFunction>();
  loaded = {
    object(name) {
      let validate = compiled.get(name);
      if (!validate) {
        validate = name.startsWith('compiled/')
          ? ajv.compile(JSON.parse(readFileSync(path.join(DIR, name), 'utf8')))
          : ajv.getSchema(name)!;
        compiled.set(name, validate);
      }
      return validate;
    },
    // Page says nothing of required fields; the envelope is checked whole by the tests too.
    page: ajv.compile({ ...openapi.components.schemas.Page, required: PAGE_FIELDS }),
    apiInfo: ajv.compile({
      ...openapi.paths['/'].get.responses['200'].content['application/json'].schema,
      required: ['version', 'profile', 'openapi_url'],
    }),
  };
  return loaded;
}

export const PAGE_FIELDS = [
  'total_items',
  'total_pages',
  'page_number',
  'size',
  'first_page',
  'last_page',
  'empty',
];

/** The errors of `value` under `validate`, short enough for an assertion message; [] when valid. */
export function problems(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
