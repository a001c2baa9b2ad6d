// The worker side of bench/patient-import.ts: a process of its own, as a Porter worker is, that
// runs one import and reports how long it took and its own peak resident memory (VmHWM), so the
// memory figure is the worker's alone, not the bench's (which also builds the files and uploads them).
// Run by bench/patient-import.ts: <database url> <secret> <import id>
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../src/common/clock.js';
import { createLogger } from '../src/common/logger.js';
import { Sealer } from '../src/common/secret.js';
import { openDatabase } from '../src/infra/db/orm.js';
import { ENTITIES } from '../src/app/entities.js';
import { processPatientImport } from '../src/modules/patient-import/patient-import.processor.js';

const [url, secret, importId] = process.argv.slice(2);
if (!url || !secret || !importId)
  throw new Error('usage: patient-import-worker <database url> <secret> <import id>');
const log = createLogger('warn');
const orm = await openDatabase(url, ENTITIES, log);
const kb = (field: string) =>
  Number(
    new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ??
      NaN,
  );
const idleRss = kb('VmRSS');
const started = performance.now();
const outcome = await processPatientImport(
  {
    orm,
    clock: systemClock,
    sealer: new Sealer(secret),
    log,
    notifyDelivery: async () => undefined,
  },
  importId,
);
const ms = performance.now() - started;
console.log(
  JSON.stringify({ outcome, ms, idleRssMb: idleRss / 1024, peakRssMb: kb('VmHWM') / 1024 }),
);
await orm.close();
