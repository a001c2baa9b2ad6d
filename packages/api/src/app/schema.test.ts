import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { printSchemaSdl } from './print-schema.js';
import { createSchema } from './schema.js';

describe('schema.graphql', () => {
  it('matches the schema the code builds (run `pnpm codegen` after changing the API)', async () => {
    const checkedIn = readFileSync(
      fileURLToPath(new URL('../../schema.graphql', import.meta.url)),
      'utf8',
    );
    expect(checkedIn).toBe(printSchemaSdl(await createSchema()));
  });
});
