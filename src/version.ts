// kerascope's own version, read once from the package.json shipped beside dist/.
import { readFileSync } from 'node:fs';

export const KERASCOPE_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();
