import { randomInt, timingSafeEqual } from 'node:crypto';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../common/clock.js';
import type { Logger } from '../../common/logger.js';
import { AppError } from '../../common/errors.js';
import type { SmsSender } from '../../infra/sms/sms.js';
import { audit } from '../audit/index.js';
import { parseMobile } from '../../infra/sms/phone.js';
import { UserEntity } from '../user/index.js';
import { openSession, type RequestMeta } from './auth.service.js';
import { hashToken } from './token.js';
import { VerificationCodeEntity } from './verification-code.entity.js';

/** Sign-in texts handed to the SMS sender but not yet answered by it. */
const sendsInFlight = new Set<Promise<void>>();

/** Resolves once every sign-in text asked for so far was sent or failed (tests; shutdown). */
export async function signInTextsSettled(): Promise<void> {
  await Promise.all([...sendsInFlight]);
}

export const CODE_TTL_MINUTES = 10;
/** Wrong tries before a code is dead. */
export const MAX_CODE_ATTEMPTS = 5;
/** Codes per mobile number in PER_NUMBER_WINDOW_MS. */
export const CODES_PER_NUMBER = 3;
const PER_NUMBER_WINDOW_MS = 15 * 60_000;
/** Codes per client address in PER_IP_WINDOW_MS. */
export const CODES_PER_IP = 10;
const PER_IP_WINDOW_MS = 60 * 60_000;

export interface SmsSignInDeps {
  em: EntityManager;
  clock: Clock;
  sms: SmsSender;
  log: Logger;
  /** Country for numbers typed without +country code. */
  defaultCountry: string;
  sessionTtlDays: number;
}

/** The text of a one-time sign-in code. The code comes first so phones can offer to fill it in. */
export function signInCodeSms(code: string, minutes: number): string {
  return `${code} is your Porter sign-in code. It expires in ${minutes} minutes. Never share it: we will not ask you for it.`;
}

/** "+44 7911 120123" → "+44 •••• ••0123": the country code and the last four digits. */
export function maskMobile(display: string): string {
  const space = display.indexOf(' ');
  const [cc, rest] = space < 0 ? ['', display] : [display.slice(0, space), display.slice(space)];
  const digits = rest.replace(/\D/g, '').length;
  let seen = 0;
  return cc + rest.replace(/\d/g, (d) => (++seen > digits - 4 ? d : '•'));
}

/**
 * Password-less sign-in for people who joined by text message: a six-digit code sent to their
 * mobile. Codes are kept as SHA-256, expire in ten minutes, allow five wrong tries, and their
 * rows are the rate-limit record (per number and per client address), shared by every process.
 */
export class SmsSignInService {
  constructor(private readonly deps: SmsSignInDeps) {}

  /**
   * Sends a code when an account (not disabled) has that mobile. The answer is the same whether
   * or not one does, and unknown numbers count against the limits too, so nothing can be learnt
   * from it. Errors: INVALID_PHONE, RATE_LIMITED (3 per number per 15 minutes, 10 per address per hour).
   */
  async request(input: string, meta: RequestMeta): Promise<{ sentTo: string; expiresAt: Date }> {
    const mobile = parseMobile(input, this.deps.defaultCountry);
    if (!mobile) throw new AppError('INVALID_PHONE', undefined, { field: 'mobile' });
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + CODE_TTL_MINUTES * 60_000);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const user = await this.deps.em.fork().transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx: unknown = tx.getTransactionContext(); // MikroORM's opaque handle, passed back as is
      // Serialises requests for one number, so two at once cannot both slip under the limit.
      await conn.execute(
        `select pg_advisory_xact_lock(hashtext(?))`,
        [`sms-sign-in:${mobile.e164}`],
        'all',
        ctx,
      );
      const [counts] = await conn.execute<{ by_number: string; by_ip: string }[]>(
        `select count(*) filter (where subject = ? and created_at > ?) as by_number,
                count(*) filter (where ip = ? and created_at > ?) as by_ip
           from verification_code where purpose = 'SMS_SIGN_IN' and created_at > ?`,
        [
          mobile.e164,
          new Date(now.getTime() - PER_NUMBER_WINDOW_MS),
          meta.ip,
          new Date(now.getTime() - PER_IP_WINDOW_MS),
          new Date(now.getTime() - PER_IP_WINDOW_MS),
        ],
        'all',
        ctx,
      );
      if (
        Number(counts?.by_number) >= CODES_PER_NUMBER ||
        (meta.ip && Number(counts?.by_ip) >= CODES_PER_IP)
      ) {
        throw new AppError(
          'RATE_LIMITED',
          'Too many codes asked for. Wait a few minutes and try again.',
        );
      }
      // Only the newest code works: earlier ones for this number stop now.
      await conn.execute(
        `update verification_code set consumed_at = ? where purpose = 'SMS_SIGN_IN' and subject = ? and consumed_at is null`,
        [now, mobile.e164],
        'run',
        ctx,
      );
      const found = await tx.findOne(UserEntity, { mobile: mobile.e164, disabledAt: null });
      tx.create(VerificationCodeEntity, {
        purpose: 'SMS_SIGN_IN',
        subject: mobile.e164,
        user: found ?? null,
        codeHash: hashToken(code),
        expiresAt,
        ip: meta.ip?.slice(0, 64) ?? null,
        createdAt: now,
      });
      await tx.flush();
      return found;
    });
    if (user) {
      // Sent after answering: waiting for the provider would make the answer slower exactly when
      // the number has an account, and answering with its error would say so outright. A lost
      // text costs the person one more request.
      const sending = this.deps.sms
        .send({ to: mobile.e164, body: signInCodeSms(code, CODE_TTL_MINUTES) })
        .then(
          () => undefined,
          (error: unknown) =>
            this.deps.log.warn(
              `sign-in code to ${maskMobile(mobile.display)} not sent: ${error instanceof Error ? error.message : String(error)}`,
            ),
        );
      sendsInFlight.add(sending);
      void sending.finally(() => sendsInFlight.delete(sending));
    }
    return { sentTo: maskMobile(mobile.display), expiresAt };
  }

  /**
   * Checks the newest unused code for a number and opens a session like a password sign-in.
   * Errors: CODE_INVALID (wrong, or none asked for), CODE_EXPIRED, TOO_MANY_ATTEMPTS (the fifth
   * wrong try kills the code), INVALID_PHONE.
   */
  async signIn(
    input: string,
    code: string,
    meta: RequestMeta,
  ): Promise<{ token: string; user: UserEntity }> {
    const mobile = parseMobile(input, this.deps.defaultCountry);
    if (!mobile) throw new AppError('INVALID_PHONE', undefined, { field: 'mobile' });
    const now = this.deps.clock.now();
    const em = this.deps.em.fork();
    const outcome = await em.transactional(async (tx) => {
      const row = await tx.findOne(
        VerificationCodeEntity,
        { purpose: 'SMS_SIGN_IN', subject: mobile.e164, consumedAt: null },
        {
          orderBy: { createdAt: 'desc' },
          populate: ['user'],
          lockMode: LockMode.PESSIMISTIC_WRITE,
        },
      );
      if (!row) return 'CODE_INVALID' as const;
      if (row.attempts >= MAX_CODE_ATTEMPTS) return 'TOO_MANY_ATTEMPTS' as const;
      if (row.expiresAt <= now) return 'CODE_EXPIRED' as const;
      const user = row.user && !row.user.disabledAt ? row.user : null;
      if (!user || !sameHash(row.codeHash, hashToken(code.trim()))) {
        row.attempts += 1;
        audit(tx, this.deps.clock, {
          action: 'sign-in.failed',
          actor: user,
          ip: meta.ip,
          after: { reason: user ? 'wrong-code' : 'unknown-mobile' },
        });
        return row.attempts >= MAX_CODE_ATTEMPTS
          ? ('TOO_MANY_ATTEMPTS' as const)
          : ('CODE_INVALID' as const);
      }
      row.consumedAt = now;
      return user;
    });
    if (typeof outcome === 'string') throw new AppError(outcome);
    const user = await em.findOneOrFail(UserEntity, { id: outcome.id });
    return {
      token: await openSession(em, this.deps.clock, this.deps.sessionTtlDays, user, meta),
      user,
    };
  }
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
