import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// One composition root: a service made anywhere else would carry its own deps and escape the
// per-request cache, so what one module needs of another is a function of that module's face.
describe('createServices', () => {
  it('is the only place a service is constructed in the API source', () => {
    const root = fileURLToPath(new URL('../', import.meta.url));
    const files = (readdirSync(root, { recursive: true }) as string[]).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    const offenders: string[] = [];
    for (const f of files) {
      if (f.split(/[\\/]/).join('/') === 'app/services.ts') continue;
      for (const m of readFileSync(join(root, f), 'utf8').matchAll(/\bnew [A-Z]\w*Service\(/g))
        offenders.push(`${f}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });
});
