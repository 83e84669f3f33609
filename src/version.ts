// kerascope's own version, from the package.json at the package root. This module runs from
// dist/version.js (library) and bundled into dist/cli/main.js (CLI), so look one and two folders up.
// yargs' own guess would walk up from where yargs is installed, naming the user's project when
// kerascope is a hoisted dependency.
import { readFileSync } from 'node:fs';

export const KERASCOPE_VERSION: string = (() => {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'kerascope' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not there: try the next folder up
    }
  }
  return 'unknown';
})();
