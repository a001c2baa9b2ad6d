import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.js';
import { startTestApi, type TestApi } from '../../../test/harness.js';
import { sessionCleanupJob } from './auth.jobs.js';
import { SessionEntity } from './session.entity.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  await api.jobs.startWorker();
});
afterAll(async () => {
  await api.stop();
});

describe('session-cleanup job', () => {
  it('deletes sessions that ended more than a day ago and keeps the rest, through a real Agenda worker', async () => {
    const em = api.orm.em.fork();
    const user = await makeUser(em);
    const now = api.clock.now().getTime();
    const day = 86_400_000;
    const make = (hash: string, expiresAt: number, revokedAt: number | null = null) =>
      em.create(SessionEntity, {
        tokenHash: hash.padEnd(64, '0'),
        user,
        expiresAt: new Date(expiresAt),
        revokedAt: revokedAt ? new Date(revokedAt) : null,
      });
    make('a', now - 2 * day);
    make('b', now + day, now - 2 * day);
    make('c', now + day);
    make('d', now - day / 2);
    await em.flush();

    await api.jobs.enqueue(sessionCleanupJob);
    await expect
      .poll(
        async () =>
          (await api.orm.em.fork().find(SessionEntity, {})).map((s) => s.tokenHash[0]).sort(),
        { timeout: 10_000 },
      )
      .toEqual(['c', 'd']);
  });
});
