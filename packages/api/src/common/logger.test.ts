import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { runInScope } from './scope.js';

function capture(format: 'json' | 'pretty' = 'json') {
  const lines: string[] = [];
  const log = createLogger('debug', { format, destination: { write: (l) => lines.push(l) } });
  return { log, lines, json: () => lines.map((l) => JSON.parse(l) as Record<string, any>) };
}

describe('createLogger', () => {
  it('writes one JSON line per event with level, time and message', () => {
    const { log, json } = capture();
    log.info('porter ready', { port: 4000 });
    expect(json()).toEqual([
      expect.objectContaining({ level: 'info', msg: 'porter ready', port: 4000 }),
    ]);
    expect(json()[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('redacts secrets and personal data by one list, also nested', () => {
    const { log, lines } = capture();
    log.warn('delivery failed', {
      invitationId: 'inv-1',
      password: 'hunter2hunter2',
      token: 'tok-123',
      sealedToken: 'sealed-abc',
      email: 'ann@example.org',
      req: { headers: { cookie: 'porter_session=s3cret', authorization: 'Bearer b3arer' } },
      user: { phone: '+447700900123' },
    });
    const [line] = lines;
    for (const secret of ['hunter2', 'tok-123', 'sealed-abc', 'ann@', 's3cret', 'b3arer', '7700'])
      expect(line).not.toContain(secret);
    expect(line).toContain('inv-1');
    expect(JSON.parse(line!).password).toBe('[Redacted]');
  });

  it('puts the request id and job of the current scope on every line', () => {
    const { log, json } = capture();
    runInScope({ requestId: 'req-1' }, () => log.info('in a request'));
    runInScope({ requestId: 'req-1', job: 'deliver' }, () => log.debug('in its job'));
    log.info('outside');
    expect(json().map((l) => [l.requestId, l.job])).toEqual([
      ['req-1', undefined],
      ['req-1', 'deliver'],
      [undefined, undefined],
    ]);
  });

  it('logs an error with its stack, and keeps the old (message, error) call', () => {
    const { log, json } = capture();
    log.error('unexpected', new Error('boom'), { path: 'organisations' });
    const [line] = json();
    expect(line).toMatchObject({ level: 'error', msg: 'unexpected', path: 'organisations' });
    expect(line!.err).toMatchObject({ message: 'boom' });
    expect(String(line!.err.stack)).toContain('logger.test.ts');
  });

  it('writes short human lines in the pretty format, still redacted', () => {
    const { log, lines } = capture('pretty');
    log.warn('sign-in failed', { userId: 'u-1', password: 'hunter2hunter2' });
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} warn {2}sign-in failed userId=u-1 password=\[Redacted\]\n$/,
    );
  });
});
