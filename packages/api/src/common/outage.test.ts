import { describe, expect, it } from 'vitest';
import type { Logger } from './logger.js';
import { isDatabaseUnavailable, trackOutage } from './outage.js';

describe('isDatabaseUnavailable', () => {
  it('knows refused, dropped and shutting-down connections, also wrapped', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isDatabaseUnavailable(
        new Error('wrapped', {
          cause: new AggregateError([
            Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
              code: 'ECONNREFUSED',
            }),
          ]),
        }),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('leaves query errors alone', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('dup'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('syntax error at or near "x"'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});

describe('trackOutage', () => {
  it('logs one warning per outage and one line when it ends, however many failures', () => {
    const lines: string[] = [];
    const log: Logger = {
      debug: () => {},
      info: (m) => lines.push(`info ${m}`),
      warn: (m) => lines.push(`warn ${m}`),
      error: (m) => lines.push(`error ${m}`),
    };
    let now = 0;
    const outage = trackOutage(log, 'database', () => now);
    outage.ok();
    for (let i = 0; i < 100; i++) outage.failed(new Error('connect ECONNREFUSED'));
    expect(outage.down).toBe(true);
    now = 12_000;
    outage.ok();
    outage.ok();
    expect(lines).toEqual([
      'warn database unavailable: connect ECONNREFUSED',
      'info database available again after 12 s',
    ]);
    expect(outage.down).toBe(false);
  });
});
