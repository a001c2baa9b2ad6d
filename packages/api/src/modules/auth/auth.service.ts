import type { EntityManager } from '@mikro-orm/postgresql';
import { normaliseEmail } from '@porter/shared';
import type { Viewer } from '../../common/access.js';
import type { Clock } from '../../common/clock.js';
import { AppError } from '../../common/errors.js';
import { audit } from '../audit/index.js';
import { GRANTS_JSON_SQL, grantsFromJson, type GrantRow } from '../role/index.js';
import { UserEntity } from '../user/index.js';
import { decoyHash, verifyPassword } from './password.js';
import { SessionEntity } from './session.entity.js';
import { hashToken, newToken } from './token.js';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MS = 15 * 60_000;
/** Failed password sign-ins one client address may make per ADDRESS_WINDOW_MS. */
export const MAX_FAILURES_PER_ADDRESS = 30;
export const ADDRESS_WINDOW_MS = 15 * 60_000;
const TOUCH_EVERY_MS = 5 * 60_000;

interface SessionRow {
  id: string;
  last_seen_at: Date | string;
  user_id: string;
  email: string | null;
  mobile: string | null;
  full_name: string;
  grants: GrantRow[] | string;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

const sessionExpiry = (from: Date, ttlDays: number) =>
  new Date(from.getTime() + ttlDays * 86_400_000);

/**
 * Opens a session for a user whose identity is already proven (a password or a texted code just
 * checked, an invitation just accepted), audits the sign-in, and returns the cookie token.
 */
export async function openSession(
  em: EntityManager,
  clock: Clock,
  sessionTtlDays: number,
  user: UserEntity,
  meta: RequestMeta,
): Promise<string> {
  const now = clock.now();
  user.lastSignInAt = now;
  const token = newToken();
  em.create(SessionEntity, {
    tokenHash: hashToken(token),
    user,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: sessionExpiry(now, sessionTtlDays),
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 400) ?? null,
  });
  audit(em, clock, { action: 'sign-in.succeeded', actor: user, ip: meta.ip });
  await em.flush();
  return token;
}

export class AuthService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly sessionTtlDays: number,
  ) {}

  /**
   * Checks the password and opens a session. Throws INVALID_CREDENTIALS for an unknown email or a
   * wrong password (the same message and cost for both) and ACCOUNT_LOCKED after
   * MAX_FAILED_SIGN_INS failures in a row, for LOCKOUT_MS. Every attempt is audited.
   */
  async signIn(
    emailInput: string,
    password: string,
    meta: RequestMeta,
  ): Promise<{ token: string; user: UserEntity }> {
    const email = normaliseEmail(emailInput);
    const now = this.clock.now();
    await this.refuseBusyAddress(now, meta, email);
    const user = await this.em.findOne(UserEntity, { email, disabledAt: null });
    const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);

    if (!user || !user.passwordHash) {
      audit(this.em, this.clock, {
        action: 'sign-in.failed',
        actorEmail: email,
        ip: meta.ip,
        after: { reason: 'unknown-email' },
      });
      await this.em.flush();
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      audit(this.em, this.clock, {
        action: 'sign-in.failed',
        actor: user,
        ip: meta.ip,
        after: { reason: 'locked' },
      });
      await this.em.flush();
      throw new AppError('ACCOUNT_LOCKED', undefined, {
        lockedUntil: user.lockedUntil.toISOString(),
      });
    }
    if (!ok) {
      user.failedSignInCount += 1;
      const locked = user.failedSignInCount >= MAX_FAILED_SIGN_INS;
      if (locked) {
        user.lockedUntil = new Date(now.getTime() + LOCKOUT_MS);
        user.failedSignInCount = 0;
      }
      audit(this.em, this.clock, {
        action: locked ? 'sign-in.locked' : 'sign-in.failed',
        actor: user,
        ip: meta.ip,
        after: { reason: 'wrong-password' },
      });
      await this.em.flush();
      throw locked
        ? new AppError('ACCOUNT_LOCKED', undefined, {
            lockedUntil: user.lockedUntil!.toISOString(),
          })
        : new AppError('INVALID_CREDENTIALS');
    }

    user.failedSignInCount = 0;
    user.lockedUntil = null;
    return { token: await this.openSession(user, meta), user };
  }

  /**
   * Per client address: after MAX_FAILURES_PER_ADDRESS failed sign-ins within ADDRESS_WINDOW_MS
   * (any accounts, known or not), further tries are refused with RATE_LIMITED without checking
   * the password, and count as failures themselves, so a client guessing across many accounts is
   * slowed to a trickle while the per-account lockout protects each account. Read from the audit
   * trail, so every API process sees the same count.
   */
  private async refuseBusyAddress(now: Date, meta: RequestMeta, email: string): Promise<void> {
    if (!meta.ip) return;
    const [row] = await this.em
      .getConnection()
      .execute<{ n: string }[]>(
        `select count(*) as n from audit_event where action in ('sign-in.failed', 'sign-in.locked') and ip = ? and occurred_at > ?`,
        [meta.ip, new Date(now.getTime() - ADDRESS_WINDOW_MS)],
        'all',
        this.em.getTransactionContext(),
      );
    if (Number(row?.n) < MAX_FAILURES_PER_ADDRESS) return;
    audit(this.em, this.clock, {
      action: 'sign-in.failed',
      actorEmail: email,
      ip: meta.ip,
      after: { reason: 'rate-limited' },
    });
    await this.em.flush();
    throw new AppError(
      'RATE_LIMITED',
      'Too many failed sign-ins from this network. Wait a few minutes and try again.',
    );
  }

  /**
   * Opens a session for a user whose identity is already proven (a password just checked, or an
   * invitation just accepted), audits the sign-in, and returns the cookie token.
   */
  async openSession(user: UserEntity, meta: RequestMeta): Promise<string> {
    return openSession(this.em, this.clock, this.sessionTtlDays, user, meta);
  }

  /** Ends the session of a token; unknown or already-ended tokens are ignored. */
  async signOut(token: string, viewer: Viewer | null, meta: RequestMeta): Promise<void> {
    const session = await this.em.findOne(SessionEntity, {
      tokenHash: hashToken(token),
      revokedAt: null,
    });
    if (!session) return;
    session.revokedAt = this.clock.now();
    if (viewer)
      audit(this.em, this.clock, {
        action: 'sign-out',
        actor: { id: viewer.userId, email: viewer.email },
        ip: meta.ip,
      });
    await this.em.flush();
  }

  /** The viewer behind a session token, or null when the token is unknown, revoked or expired. */
  async viewerFromToken(token: string): Promise<Viewer | null> {
    const now = this.clock.now();
    // Runs on every request: one plain query (session, user and live grants) on the session's
    // token_hash index, no entities.
    const [row] = await this.em.getConnection().execute<SessionRow[]>(
      `select s.id, s.last_seen_at, u.id as user_id, u.email, u.mobile, u.full_name, ${GRANTS_JSON_SQL} as grants
         from session s join app_user u on u.id = s.user_id
        where s.token_hash = ? and s.revoked_at is null and s.expires_at > ? and u.disabled_at is null`,
      [hashToken(token), now],
      'all',
      this.em.getTransactionContext(),
    );
    if (!row) return null;
    if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) {
      // Sliding expiry, written at most every few minutes to keep reads cheap.
      await this.em.nativeUpdate(
        SessionEntity,
        { id: row.id },
        { lastSeenAt: now, expiresAt: this.expiry(now) },
      );
    }
    return {
      userId: row.user_id,
      email: row.email ?? null,
      mobile: row.mobile ?? null,
      fullName: row.full_name,
      sessionId: row.id,
      grants: grantsFromJson(row.grants),
    };
  }

  private expiry(from: Date): Date {
    return sessionExpiry(from, this.sessionTtlDays);
  }
}
