// Writes the GraphQL schema as SDL to packages/api/schema.graphql (checked in; a test fails when it is stale).
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSchema } from '../src/app/schema.js';
import { printSchemaSdl } from '../src/app/print-schema.js';

const target = fileURLToPath(new URL('../schema.graphql', import.meta.url));
writeFileSync(target, printSchemaSdl(await createSchema()));
console.log(`wrote ${target}`);
