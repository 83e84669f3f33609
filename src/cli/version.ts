// The version printed by `kerascope --version`, read from our own package.json. yargs' own guess
// walks up from where yargs is installed, which names the user's project when kerascope is a
// hoisted dependency, so we point it at the file next to dist/.
import { readFileSync } from 'node:fs';

const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}
