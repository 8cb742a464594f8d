// GET /embed.js (the <circles-finder> web component) and GET / (a demo page with the widget on
// the directory, so `npm start` shows the product). Both are outside the JSON API and its
// OpenAPI document.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { findRepoRoot } from '../../lib/paths.js';
import { publicOrigin } from '../../lib/public-origin.js';
import { widgetBundle } from './widget.bundle.js';

export interface WidgetRoutesOptions {
  /** Whether /graphiql is served (the demo page links to it only then). */
  graphiql: boolean;
  /** CIRCLES_PUBLIC_URL: the origin the page's embed snippet points at. */
  publicUrl: string | null;
}

const TEMPLATE = readFileSync(path.join(findRepoRoot(), 'src', 'widget', 'demo.html'), 'utf8');

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export default async function widgetRoutes(app: FastifyInstance, options: WidgetRoutesOptions) {
  // Built once, when the server starts listening (inject-only tests build it on first request).
  app.addHook('onListen', async () => {
    await widgetBundle().catch((err: unknown) => app.log.error({ err }, 'could not bundle /embed.js'));
  });

  // The same Buffer every time: the compression plugin compresses it once per encoding, and
  // http-cache gives it its ETag and answers If-None-Match.
  app.get('/embed.js', { schema: { hide: true } }, async (_request, reply) => {
    const bundle = await widgetBundle();
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600, stale-while-revalidate=86400')
      .header('x-content-type-options', 'nosniff');
    return bundle.js;
  });

  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const origin = escapeHtml(publicOrigin(request, options.publicUrl));
    const graphiql = options.graphiql
      ? '<li><a href="/graphiql">GraphiQL</a>: the same directory over GraphQL</li>'
      : '';
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('x-content-type-options', 'nosniff')
      .header(
        'content-security-policy',
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'",
      );
    return TEMPLATE.replaceAll('{{origin}}', origin).replace('<!--graphiql-->', graphiql);
  });
}
