// Copies non-TypeScript assets (MJML email templates) from src/ to dist/ after tsc.
import { cpSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) walk(file);
    else if (name.endsWith('.mjml'))
      cpSync(file, path.join(root, 'dist', path.relative(path.join(root, 'src'), file)));
  }
}
walk(path.join(root, 'src'));
