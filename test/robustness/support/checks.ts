// What every response must hold, whatever was sent: a client-visible contract, checked the same way
// by the fuzzers and the injection tests.

interface Response {
  statusCode: number;
  headers?: Record<string, unknown>;
  body: string;
}

const CODE = /^[a-z_]+$/;

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** REST: no 5xx; every 4xx is problem+json with a code and the same status. */
export function restProblems(res: Response): string[] {
  const out: string[] = [];
  if (res.statusCode >= 500) out.push(`answered ${res.statusCode}`);
  if (res.statusCode >= 400) {
    const type = String(res.headers?.['content-type'] ?? '');
    if (!type.startsWith('application/problem+json'))
      out.push(`${res.statusCode} with content-type "${type}"`);
    const body = parse(res.body) as { code?: unknown; status?: unknown } | undefined;
    if (!body || typeof body.code !== 'string' || !CODE.test(body.code))
      out.push(`${res.statusCode} without a problem code`);
    else if (body.status !== res.statusCode) out.push(`problem status ${body.status} != ${res.statusCode}`);
    if (body && (body as { code?: string }).code === 'internal_error') out.push('internal_error');
  }
  return out;
}

export interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** GraphQL: no 5xx; every error carries a code; a refused document (4xx) returns no data. */
export function graphqlProblems(res: Response): string[] {
  const out: string[] = [];
  if (res.statusCode >= 500) out.push(`answered ${res.statusCode}`);
  const body = parse(res.body) as GraphqlBody | undefined;
  if (!body || typeof body !== 'object') return [...out, `${res.statusCode} with a body that is not JSON`];
  for (const error of body.errors ?? []) {
    const code = error?.extensions?.code;
    if (typeof code !== 'string' || !CODE.test(code)) out.push(`error without a code: ${error?.message}`);
    if (code === 'internal_error') out.push('internal_error');
  }
  if (res.statusCode >= 400) {
    if (!body.errors?.length) out.push(`${res.statusCode} without errors`);
    if (body.data) out.push(`${res.statusCode} with data`);
  }
  if (res.statusCode === 200 && !body.data && !body.errors?.length)
    out.push('200 with neither data nor errors');
  return out;
}

/** The longest list anywhere in a JSON value (no page may exceed the page-size limit). */
export function longestList(value: unknown): number {
  if (Array.isArray(value)) return Math.max(value.length, ...value.map(longestList));
  if (value && typeof value === 'object') return Math.max(0, ...Object.values(value).map(longestList));
  return 0;
}
