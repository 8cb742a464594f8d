import type { FastifyRequest } from 'fastify';

/**
 * The origin clients reach the API at, for absolute links in answers (HSDS `format: uri` fields,
 * the home page's embed snippet): CIRCLES_PUBLIC_URL when set, else the request's own (its Host,
 * or X-Forwarded-Host and -Proto with CIRCLES_TRUST_PROXY). Behind a shared cache, set it: a cache
 * that keys on the URL alone would otherwise keep an answer whose links follow a forged
 * X-Forwarded-Host, and hand it to everyone.
 */
export function publicOrigin(request: FastifyRequest, configured: string | null): string {
  return configured ?? `${request.protocol}://${request.host}`;
}
