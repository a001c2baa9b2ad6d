import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  emptyDatabase,
  killPorter,
  startPorter,
  type PorterProcess,
} from '../../../test/processes.js';

const MIGRATIONS = readdirSync(fileURLToPath(new URL('../../migrations', import.meta.url))).filter(
  (f) => /^Migration.*\.ts$/.test(f),
);

const started: PorterProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map(killPorter));
});

async function applied(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      'select name from mikro_orm_migrations order by id',
    );
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

describe('migrations at start-up', () => {
  it('run once under a lock: four processes started together on an empty database all come up', async () => {
    const url = await emptyDatabase();
    // Two APIs with the worker inside, two worker-only processes: all migrate, all start Agenda.
    const entries = ['main.ts', 'main.ts', 'worker.ts', 'worker.ts'];
    const processes = entries.map((entry) => startPorter(entry, { DATABASE_URL: url }));
    started.push(...processes);
    await Promise.all(processes.map((p) => p.line(/porter ready in/)));
    expect(await applied(url)).toHaveLength(MIGRATIONS.length);
    expect(
      processes
        .map((p) => p.output())
        .join('')
        .match(/applied migrations: /g),
    ).toHaveLength(1);
    for (const p of processes) p.child.kill('SIGTERM');
    expect(await Promise.all(processes.map((p) => p.exited))).toEqual([0, 0, 0, 0]);
  }, 240_000);

  it('are skipped with PORTER_MIGRATE=false, and applied by the migrate command', async () => {
    const url = await emptyDatabase();
    const migrate = startPorter('migrate.ts', { DATABASE_URL: url });
    started.push(migrate);
    expect(await migrate.exited).toBe(0);
    expect(await applied(url)).toHaveLength(MIGRATIONS.length);
    const again = startPorter('migrate.ts', { DATABASE_URL: url });
    started.push(again);
    expect(await again.exited).toBe(0);
    expect(again.output()).toMatch(/nothing to apply/);

    const fresh = await emptyDatabase();
    const api = startPorter('main.ts', {
      DATABASE_URL: fresh,
      PORTER_MIGRATE: 'false',
      PORTER_WORKER: 'false',
    });
    started.push(api);
    await api.line(/porter ready in/);
    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
    expect(api.output()).not.toMatch(/applied migrations/);
    const client = new pg.Client({ connectionString: fresh });
    await client.connect();
    const { rows } = await client.query(`select to_regclass('public.app_user') as t`);
    await client.end();
    expect(rows[0].t).toBeNull();
  }, 240_000);
});
