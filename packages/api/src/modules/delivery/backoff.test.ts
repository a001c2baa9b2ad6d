import { describe, expect, it } from 'vitest';
import {
  backoffCeilingMs,
  backoffMs,
  classifyFailure,
  nextTry,
  type Failure,
  type RetryPolicy,
} from './backoff.js';

const POLICY: RetryPolicy = { baseMs: 30_000, maxMs: 3_600_000, retryForMs: 26 * 3_600_000 };
const T0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** An error as nodemailer makes it (smtp-connection's _formatError). */
const smtpError = (response: string, command: string, code = 'EENVELOPE') =>
  Object.assign(new Error(`Can't send mail: ${response}`), {
    code,
    response,
    responseCode: Number(response.slice(0, 3)),
    command,
  });
/** An error as the Twilio SDK makes it (RestException). */
const twilioError = (status: number, code: number, message = 'refused', retryAfterMs?: number) =>
  Object.assign(new Error(message), { status, code, retryAfterMs });
const network = (code: string, wrapped?: string) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:25`), {
    code: wrapped ?? code,
    ...(wrapped ? { originalCode: code } : {}),
  });

describe('the retry schedule', () => {
  it('doubles its ceiling from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffCeilingMs(POLICY, n))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000,
    ]);
    expect(backoffCeilingMs(POLICY, 8)).toBe(3_600_000);
    expect(backoffCeilingMs(POLICY, 500)).toBe(3_600_000);
    expect(backoffCeilingMs(POLICY, 0)).toBe(30_000);
  });

  it('waits a random time up to the ceiling (full jitter), never less than Retry-After', () => {
    expect(backoffMs(POLICY, 3, null, () => 0)).toBe(1);
    expect(backoffMs(POLICY, 3, null, () => 0.5)).toBe(60_001);
    expect(backoffMs(POLICY, 3, null, () => 0.999_999_9)).toBe(120_000);
    expect(backoffMs(POLICY, 1, 90_000, () => 0.5)).toBe(90_000);
    expect(backoffMs(POLICY, 9, 90_000, () => 0.5)).toBe(1_800_001);
  });

  it('retries a transient failure until the retry window has passed, then gives up saying why', () => {
    const failure = classifyFailure('smtp', network('ECONNREFUSED', 'ESOCKET'));
    expect(nextTry(POLICY, failure, 1, T0, T0, () => 0.5)).toEqual({ retryAt: at(15_001) });
    expect(nextTry(POLICY, failure, 30, T0, at(26 * 3_600_000 - 1), () => 0.5)).toEqual({
      retryAt: at(26 * 3_600_000 - 1 + 1_800_001),
    });
    expect(nextTry(POLICY, failure, 31, T0, at(26 * 3_600_000))).toEqual({
      giveUp:
        'Gave up after 26 h and 31 attempts: The mail server refused the connection (ECONNREFUSED); retrying',
    });
  });

  it('keeps trying for the window whatever the attempt count (a simulated outage of 25 h)', () => {
    const failure = classifyFailure('twilio', twilioError(503, 20503));
    let now = T0;
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = nextTry(POLICY, failure, attempts, T0, now);
      if ('giveUp' in next) break;
      now = next.retryAt;
    }
    expect(now.getTime() - T0.getTime()).toBeGreaterThanOrEqual(POLICY.retryForMs);
    expect(attempts).toBeGreaterThan(26);
  });

  it('gives up on a permanent failure at once', () => {
    const failure = classifyFailure('twilio', twilioError(400, 21211));
    expect(nextTry(POLICY, failure, 1, T0, T0)).toEqual({
      giveUp: 'Twilio: not a valid mobile number (21211)',
    });
  });
});

describe('failure classification', () => {
  const kindOf = (f: Failure) => [f.kind, f.outage, f.code];

  it('fails a recipient the mail server refuses, in words', () => {
    const f = classifyFailure('smtp', smtpError('550 5.1.1 user unknown', 'RCPT TO'));
    expect(kindOf(f)).toEqual(['PERMANENT', false, '550']);
    expect(f.reason).toBe('The mail server refused this address (550 5.1.1 user unknown)');
    expect(classifyFailure('smtp', smtpError('553 5.1.3 bad address', 'RCPT TO')).kind).toBe(
      'PERMANENT',
    );
    expect(
      classifyFailure('smtp', smtpError('554 5.7.1 message refused', 'DATA', 'EMESSAGE')).reason,
    ).toBe('The mail server refused this message (554 5.7.1 message refused)');
  });

  it('retries SMTP 4xx, 5xx outside the recipient, timeouts and connection errors', () => {
    expect(kindOf(classifyFailure('smtp', smtpError('421 4.3.2 shutting down', 'CONN')))).toEqual([
      'TRANSIENT',
      true,
      '421',
    ]);
    for (const reply of ['450 mailbox busy', '451 try again later', '452 out of storage'])
      expect(kindOf(classifyFailure('smtp', smtpError(reply, 'DATA', 'EMESSAGE')))).toEqual([
        'TRANSIENT',
        false,
        reply.slice(0, 3),
      ]);
    expect(
      classifyFailure('smtp', smtpError('451 Mailbox busy, try again later', 'DATA')).reason,
    ).toBe('The mail server asked to try again later (451 Mailbox busy, try again later)');
    expect(classifyFailure('smtp', smtpError('535 auth failed', 'AUTH PLAIN', 'EAUTH')).kind).toBe(
      'TRANSIENT',
    );
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH'])
      expect(kindOf(classifyFailure('smtp', network(code, 'ESOCKET')))).toEqual([
        'TRANSIENT',
        true,
        code,
      ]);
    const greeting = Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' });
    expect(classifyFailure('smtp', greeting).reason).toBe(
      'The mail server did not answer in time (ETIMEDOUT); retrying',
    );
  });

  it('fails Twilio’s invalid-number family at once, and retries 429, 5xx and network errors', () => {
    for (const code of [21211, 21214, 21217, 21408, 21610, 21612, 21614])
      expect(classifyFailure('twilio', twilioError(400, code)).kind).toBe('PERMANENT');
    expect(classifyFailure('twilio', twilioError(400, 21610)).reason).toBe(
      'Twilio: the recipient has opted out (replied STOP) (21610)',
    );
    const limited = classifyFailure('twilio', twilioError(429, 20429, 'Too many', 45_000));
    expect([...kindOf(limited), limited.retryAfterMs]).toEqual([
      'TRANSIENT',
      false,
      '20429',
      45_000,
    ]);
    expect(kindOf(classifyFailure('twilio', twilioError(500, 20500)))).toEqual([
      'TRANSIENT',
      true,
      '20500',
    ]);
    expect(kindOf(classifyFailure('twilio', network('ECONNREFUSED')))).toEqual([
      'TRANSIENT',
      true,
      'ECONNREFUSED',
    ]);
    expect(kindOf(classifyFailure('twilio', twilioError(401, 20003)))).toEqual([
      'TRANSIENT',
      false,
      '20003',
    ]);
  });

  it('retries what no provider said (a bug, a template): kept and visible, not lost', () => {
    expect(classifyFailure('outbox', new Error('boom'))).toMatchObject({
      kind: 'TRANSIENT',
      reason: 'boom',
    });
  });
});
