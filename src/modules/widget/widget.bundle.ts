// Bundles the browser code in src/widget/ into /embed.js with esbuild, once per process (the first
// app to start builds it; later ones share it). Also kept gzipped, as most browsers ask for that.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { findRepoRoot } from '../../lib/paths.js';

export interface WidgetBundle {
  js: Buffer;
  gzip: Buffer;
  etag: string;
}

let pending: Promise<WidgetBundle> | null = null;

async function bundle(): Promise<WidgetBundle> {
  const result = await build({
    entryPoints: [path.join(findRepoRoot(), 'src', 'widget', 'index.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    charset: 'utf8',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    banner: { js: '/* Circles group finder: <circles-finder>. MIT license. */' },
  });
  const js = Buffer.from(result.outputFiles[0]!.contents);
  const hash = createHash('sha256').update(js).digest('base64url').slice(0, 16);
  return { js, gzip: gzipSync(js, { level: 9 }), etag: `"${hash}"` };
}

export function widgetBundle(): Promise<WidgetBundle> {
  pending ??= bundle().catch((error: unknown) => {
    pending = null;
    throw error;
  });
  return pending;
}
