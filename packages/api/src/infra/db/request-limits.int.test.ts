import { describe, expect, it } from 'vitest';
import { useTestApi } from '../../../test/harness.js';
import { runInScope } from '../../common/scope.js';

const testApi = useTestApi();

/** A request's scope with short limits, as app/access-log.ts gives every request. */
const inRequest = <T>(work: () => Promise<T>) =>
  runInScope({ requestId: 'limits', dbLimits: { statementMs: 300, lockMs: 200 } }, work);

const codeOf = async (work: Promise<unknown>) => {
  try {
    await work;
    return 'ok';
  } catch (error) {
    for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    }
    throw error;
  }
};

describe('database limits on the request path', () => {
  it('ends a request statement past DB_STATEMENT_TIMEOUT_MS, and leaves jobs unlimited', async () => {
    const { orm } = testApi();
    const conn = () => orm.em.fork().getConnection();
    expect(await codeOf(inRequest(() => conn().execute('select pg_sleep(1)')))).toBe('57014');
    // The same pooled connections serve jobs (no scope): their statements run to the end.
    for (let i = 0; i < 3; i++)
      expect(await codeOf(conn().execute('select pg_sleep(0.4)'))).toBe('ok');
    expect(await codeOf(inRequest(() => conn().execute('select pg_sleep(0.05)')))).toBe('ok');
  });

  it('gives up waiting for a lock past DB_LOCK_TIMEOUT_MS instead of hanging the request', async () => {
    const { orm } = testApi();
    await orm.em
      .getConnection()
      .execute(`create table if not exists limits_probe (id int primary key, n int)`);
    await orm.em
      .getConnection()
      .execute(`insert into limits_probe values (1, 0) on conflict do nothing`);
    /** Locks the probe row in a transaction of its own; `then` runs while it is held. */
    const bump = (then: () => Promise<void> = () => Promise.resolve()) =>
      orm.em.fork().transactional(async (tx) => {
        await tx
          .getConnection()
          .execute(
            `update limits_probe set n = n + 1 where id = 1`,
            [],
            'run',
            tx.getTransactionContext(),
          );
        await then();
      });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holding = bump(() => {
      locked();
      return held;
    });
    await lockTaken;
    const started = Date.now();
    const code = await codeOf(inRequest(() => bump()));
    release();
    await holding;
    expect(code).toBe('55P03');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
