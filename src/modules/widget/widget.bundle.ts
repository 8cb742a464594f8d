// Bundles the browser code in src/widget/ into /embed.js with esbuild, once per process (the first
// app to start builds it; later ones share it).
import path from 'node:path';
import { build } from 'esbuild';
import { findRepoRoot } from '../../lib/paths.js';

export interface WidgetBundle {
  js: Buffer;
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
  return { js: Buffer.from(result.outputFiles[0]!.contents) };
}

export function widgetBundle(): Promise<WidgetBundle> {
  pending ??= bundle().catch((error: unknown) => {
    pending = null;
    throw error;
  });
  return pending;
}
