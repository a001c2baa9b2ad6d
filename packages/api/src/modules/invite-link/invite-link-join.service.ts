import { randomInt } from 'node:crypto';
import {
  LockMode,
  UniqueConstraintViolationException,
  type EntityManager,
} from '@mikro-orm/postgresql';
import { isValidEmail, normaliseEmail, type ErrorCode } from '@porter/shared';
import type { Viewer } from '../../common/access.js';
import { AppError, BadInputError } from '../../common/errors.js';
import type { Mailer } from '../../infra/mail/mailer.js';
import { hashToken, newToken } from '../auth/index.js';
import { activatePatient, existingAccount, grantRole, newAccount } from '../enrolment/index.js';
import { isArchivedPlace, scopeOf } from '../../common/places.js';
import { revokeInvitations } from '../invitation/index.js';
import { PatientEntity } from '../patient/index.js';
import { loadGrants, RoleAssignmentEntity, toGrantable } from '../role/index.js';
import { UserEntity } from '../user/index.js';
import { alreadyRegisteredEmail, joinCodeEmail } from './emails/invite-link-emails.js';
import { InviteLinkClaimEntity, InviteLinkEntity } from './invite-link.entity.js';
import { inviteLinkUrl, type InviteLinkDeps } from './invite-link.service.js';
import {
  inviteLinkState,
  type InviteLinkPreview,
  type InviteLinkState,
} from './invite-link.types.js';
import { isLinkableRole, staffLinkRefusal } from './staff-link-policy.js';

export const CODE_TTL_MS = 10 * 60_000;
/** A new code no sooner than this after the last one. */
export const CODE_RESEND_MS = 30_000;
/** Codes per person and link in an hour (the hour restarts after an hour without codes). */
export const CODES_PER_HOUR = 5;
/** Different addresses one network address may ask codes for on one link in an hour. */
export const ADDRESSES_PER_IP_PER_HOUR = 30;
/** Wrong codes before the code stops working. */
export const MAX_CODE_ATTEMPTS = 5;
export const TICKET_TTL_MS = 30 * 60_000;
const HOUR_MS = 3_600_000;

export interface InviteLinkJoinDeps extends InviteLinkDeps {
  mailer: Mailer;
}

export interface JoinInput {
  fullName?: string | null;
  password?: string | null;
  acceptTerms?: boolean | null;
}

const LINK_ERRORS: Record<Exclude<InviteLinkState, 'ACTIVE'>, ErrorCode> = {
  EXPIRED: 'LINK_EXPIRED',
  REVOKED: 'LINK_REVOKED',
  FULL: 'LINK_FULL',
};

/**
 * What a link reads as for the person holding it: a staff link whose role was deleted, or was
 * since given admin permissions, no longer works (it reads as REVOKED).
 */
function stateOf(link: InviteLinkEntity, now: Date): InviteLinkState {
  const state = inviteLinkState(link, now);
  if (state === 'ACTIVE' && isArchivedPlace(link)) return 'REVOKED';
  if (
    state === 'ACTIVE' &&
    link.kind === 'STAFF' &&
    (!link.role || link.role.deletedAt || !isLinkableRole(link.role))
  )
    return 'REVOKED';
  return state;
}

/** The place a link leads to, by name: the deployment, or the organisation for an organisation-level staff link. */
const placeOf = (link: InviteLinkEntity) => link.deployment?.name ?? link.organisation.name;

/** Codes are hashed with their claim, so one code's hash says nothing about another claim's. */
const codeHash = (claimId: string, code: string) =>
  hashToken(`invite-link-code:${claimId}:${code}`);

/**
 * The public side of invite links: anyone holding the link reads where it leads, confirms an email
 * address with an emailed 6-digit code, and joins with the ticket that code earns: as a patient of
 * the deployment (patient links) or with the link's role (staff links). Each step checks the link
 * itself; nothing here needs a session.
 */
export class InviteLinkJoinService {
  constructor(private readonly deps: InviteLinkJoinDeps) {}

  private get em() {
    return this.deps.em;
  }

  /** Where a link leads and whether it can be used; never uses it up. */
  async preview(token: string): Promise<InviteLinkPreview> {
    const link = await this.find(this.em, token);
    if (!link) {
      const state = (await this.isReplaced(this.em, token)) ? 'REPLACED' : 'NOT_FOUND';
      return {
        state,
        organisationName: null,
        deploymentName: null,
        expiresAt: null,
        kind: null,
        roleName: null,
      };
    }
    return {
      state: stateOf(link, this.deps.clock.now()),
      organisationName: link.organisation.name,
      deploymentName: link.deployment?.name ?? null,
      expiresAt: link.expiresAt,
      kind: link.kind,
      roleName: link.kind === 'STAFF' ? (link.role?.name ?? null) : null,
    };
  }

  /**
   * Emails a 6-digit code for the address (10 minutes, 5 tries), replacing any earlier code and
   * ticket. An address that is already a patient there (patient links) or already holds a role
   * there (staff links) gets a "sign in instead" email and no code; the answer is the same, so the page reveals nothing. Limits: one code per 30 s and 5 an
   * hour per address; 30 addresses an hour per network address on one link. Errors: LINK_NOT_FOUND,
   * LINK_REPLACED, LINK_EXPIRED, LINK_REVOKED, LINK_FULL, RATE_LIMITED, BAD_USER_INPUT.
   */
  async requestCode(
    token: string,
    emailInput: string,
    ip: string | null,
  ): Promise<{ sentTo: string; expiresAt: Date }> {
    const email = normaliseEmail(emailInput);
    if (!isValidEmail(email))
      throw new BadInputError('Enter a valid email address.', { field: 'email' });
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
    // The email goes out inside the transaction: if it cannot be sent, nothing counts against the limits.
    await this.em.transactional(async (tx) => {
      const link = await this.usableLink(tx, token);
      const conn = tx.getConnection();
      await conn.execute(
        `insert into invite_link_claim (id, link_id, email, code_attempts, codes_sent, created_at, updated_at)
         values (gen_random_uuid(), ?, ?, 0, 0, ?, ?) on conflict (link_id, email) do nothing`,
        [link.id, email, now, now],
        'run',
        tx.getTransactionContext(),
      );
      const claim = await tx.findOneOrFail(
        InviteLinkClaimEntity,
        { link: link.id, email },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      const sinceLast = claim.lastCodeAt ? now.getTime() - claim.lastCodeAt.getTime() : Infinity;
      if (sinceLast < CODE_RESEND_MS) {
        throw new AppError(
          'RATE_LIMITED',
          'A code was sent moments ago. Wait half a minute before asking for another.',
          {
            retryAfterSeconds: Math.ceil((CODE_RESEND_MS - sinceLast) / 1000),
          },
        );
      }
      const sentThisHour = sinceLast >= HOUR_MS ? 0 : claim.codesSent;
      if (sentThisHour >= CODES_PER_HOUR)
        throw new AppError(
          'RATE_LIMITED',
          'Too many codes for this address. Try again in an hour.',
        );
      if (ip) {
        const others = await tx.count(InviteLinkClaimEntity, {
          link: link.id,
          lastCodeIp: ip,
          lastCodeAt: { $gt: new Date(now.getTime() - HOUR_MS) },
          id: { $ne: claim.id },
        });
        if (others >= ADDRESSES_PER_IP_PER_HOUR)
          throw new AppError(
            'RATE_LIMITED',
            'Too many codes were asked for from here. Try again in an hour.',
          );
      }
      const registered = claim.joinedAt != null || (await this.isRegistered(tx, link, email));
      const code = registered ? null : String(randomInt(0, 1_000_000)).padStart(6, '0');
      Object.assign(claim, {
        codeHash: code ? codeHash(claim.id, code) : null,
        codeExpiresAt: expiresAt,
        codeAttempts: 0,
        codesSent: sentThisHour + 1,
        lastCodeAt: now,
        lastCodeIp: ip?.slice(0, 64) ?? null,
        verifiedAt: null,
        ticketHash: null,
        ticketExpiresAt: null,
      });
      await tx.flush();
      const common = {
        to: email,
        organisationName: link.organisation.name,
        deploymentName: placeOf(link),
        link: inviteLinkUrl(this.deps.appUrl, token),
        expiresAt: link.expiresAt,
        kind: link.kind,
      };
      await this.deps.mailer.send(
        code
          ? await joinCodeEmail({ ...common, code, codeMinutes: CODE_TTL_MS / 60_000 })
          : await alreadyRegisteredEmail({
              ...common,
              signInLink: `${this.deps.appUrl.replace(/\/$/, '')}/sign-in`,
            }),
      );
    });
    return { sentTo: email, expiresAt };
  }

  /**
   * Checks the emailed code. Right: a ticket for joinWithTicket (30 minutes) and the code is
   * spent. Wrong: CODE_INVALID, and the fifth wrong one kills the code (TOO_MANY_ATTEMPTS).
   * Errors: CODE_INVALID, CODE_EXPIRED, TOO_MANY_ATTEMPTS and the LINK_* codes.
   */
  async verifyCode(
    token: string,
    emailInput: string,
    codeInput: string,
  ): Promise<{ ticket: string; email: string; expiresAt: Date }> {
    const email = normaliseEmail(emailInput);
    const code = codeInput.replace(/\s+/g, '');
    const now = this.deps.clock.now();
    // Wrong attempts must be counted even though the call fails: the transaction decides, then commits.
    type Outcome =
      | { error: 'CODE_INVALID' | 'CODE_EXPIRED' | 'TOO_MANY_ATTEMPTS'; attemptsLeft?: number }
      | { ticket: string; email: string; expiresAt: Date };
    const outcome = await this.em.transactional(async (tx): Promise<Outcome> => {
      const link = await this.usableLink(tx, token);
      const claim = await tx.findOne(
        InviteLinkClaimEntity,
        { link: link.id, email },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!claim?.codeExpiresAt) return { error: 'CODE_INVALID' };
      if (claim.codeAttempts >= MAX_CODE_ATTEMPTS) return { error: 'TOO_MANY_ATTEMPTS' };
      if (claim.codeExpiresAt <= now) return { error: 'CODE_EXPIRED' };
      if (!claim.codeHash || !/^\d{6}$/.test(code) || codeHash(claim.id, code) !== claim.codeHash) {
        claim.codeAttempts += 1;
        if (claim.codeAttempts < MAX_CODE_ATTEMPTS)
          return { error: 'CODE_INVALID', attemptsLeft: MAX_CODE_ATTEMPTS - claim.codeAttempts };
        claim.codeHash = null;
        return { error: 'TOO_MANY_ATTEMPTS' };
      }
      // The address must still be the link's own when the ticket is issued: a rotation that
      // committed meanwhile answers LINK_REPLACED; one under way waits for this ticket and ends it.
      const current = await tx
        .getConnection()
        .execute<unknown[]>(
          `select 1 from invite_link where id = ? and token_hash = ? for share`,
          [link.id, hashToken(token)],
          'all',
          tx.getTransactionContext(),
        );
      if (!current.length) throw new AppError('LINK_REPLACED');
      const ticket = newToken();
      const expiresAt = new Date(now.getTime() + TICKET_TTL_MS);
      Object.assign(claim, {
        codeHash: null,
        verifiedAt: now,
        ticketHash: hashToken(ticket),
        ticketExpiresAt: expiresAt,
      });
      return { ticket, email, expiresAt };
    });
    if ('error' in outcome)
      throw new AppError(
        outcome.error,
        undefined,
        outcome.attemptsLeft ? { attemptsLeft: outcome.attemptsLeft } : undefined,
      );
    return outcome;
  }

  /**
   * Joins with a verified ticket, in one transaction: the claim is locked, one use of the link is
   * taken atomically (the last use goes to exactly one person), the account is made (or, signed in
   * with the confirmed address, reused), and then the patient is recorded (patient links) or the
   * link's role assigned at its scope (staff links). An existing account must sign in first.
   * Errors: CODE_EXPIRED (ticket unknown or expired), LINK_*, SIGN_IN_REQUIRED, ALREADY_PATIENT,
   * ALREADY_MEMBER, TERMS_NOT_ACCEPTED, WEAK_PASSWORD, BAD_USER_INPUT.
   */
  async join(
    ticket: string,
    viewer: Viewer | null,
    input: JoinInput,
    ip: string | null,
  ): Promise<UserEntity> {
    const now = this.deps.clock.now();
    try {
      return await this.em.transactional((tx) => this.joinIn(tx, ticket, viewer, input, ip, now));
    } catch (error) {
      // Two links of one deployment joined with one address at the same moment: one wins.
      if (error instanceof UniqueConstraintViolationException) {
        if (error.message.includes('role_assignment_one_live_per_scope'))
          throw new AppError('ALREADY_MEMBER');
        throw new AppError(
          error.message.includes('patient_email_per_deployment')
            ? 'ALREADY_PATIENT'
            : 'SIGN_IN_REQUIRED',
        );
      }
      throw error;
    }
  }

  /**
   * A staff link gives its role in its creator's name: when the creator may no longer give that
   * role there (removed from the team, demoted, account gone), the link stops working, as if revoked.
   */
  private async assertCreatorMayStillGive(
    tx: EntityManager,
    link: InviteLinkEntity,
  ): Promise<void> {
    const creator = link.createdBy;
    const grants = creator ? await loadGrants(tx, creator.id) : [];
    const asCreator: Viewer | null = creator
      ? {
          userId: creator.id,
          email: creator.email ?? null,
          fullName: creator.fullName,
          sessionId: null,
          grants,
        }
      : null;
    if (
      !asCreator ||
      !link.role ||
      staffLinkRefusal(asCreator, toGrantable(link.role), scopeOf(link))
    )
      throw new AppError('LINK_REVOKED');
  }

  private async joinIn(
    tx: EntityManager,
    ticket: string,
    viewer: Viewer | null,
    input: JoinInput,
    ip: string | null,
    now: Date,
  ): Promise<UserEntity> {
    const claim = await this.lockedClaim(tx, ticket);
    const expired = () =>
      new AppError('CODE_EXPIRED', 'This confirmation has expired. Ask for a new code.');
    if (!claim || claim.joinedAt) throw expired();
    // A link that no longer works says so first: a new code would not help.
    const link = claim.link;
    this.assertUsable(link, now);
    if (!claim.ticketExpiresAt || claim.ticketExpiresAt <= now) {
      // Rotating the link ends the tickets earned through the old address: say so, a new code
      // through that address would not help.
      if (link.rotatedAt && claim.verifiedAt && claim.verifiedAt < link.rotatedAt)
        throw new AppError('LINK_REPLACED');
      throw expired();
    }
    if (link.kind === 'STAFF') await this.assertCreatorMayStillGive(tx, link);

    const address = { kind: 'email', value: claim.email } as const;
    const existing = await existingAccount(tx, viewer, address, {
      signInRequired: `An account for ${claim.email} exists. Sign in with it, then open the link again.`,
    });
    const known = await this.assertNotRegistered(tx, link, claim.email, existing);
    const user = existing ?? (await newAccount(tx, address, input, { passwordless: false })).user;
    await this.takeUse(tx, link, now);
    if (link.kind === 'STAFF') await this.joinStaff(tx, link, claim, user, ip, now);
    else await this.joinPatient(tx, link, claim, known, user, ip, now);
    return user;
  }

  /** The claim a ticket was given for, locked, with its link; null for an unknown ticket. */
  private async lockedClaim(tx: EntityManager, ticket: string) {
    if (!ticket || ticket.length >= 200) return null;
    return tx.findOne(
      InviteLinkClaimEntity,
      { ticketHash: hashToken(ticket) },
      {
        populate: ['link', 'link.organisation', 'link.deployment', 'link.createdBy', 'link.role'],
        lockMode: LockMode.PESSIMISTIC_WRITE,
      },
    );
  }

  /**
   * Refuses an address already registered where the link leads (ALREADY_PATIENT, ALREADY_MEMBER).
   * Returns the patient record it was invited to earlier (by email or SMS), if any.
   */
  private async assertNotRegistered(
    tx: EntityManager,
    link: InviteLinkEntity,
    email: string,
    existing: UserEntity | null,
  ): Promise<PatientEntity | null> {
    const known =
      link.kind === 'PATIENT'
        ? await tx.findOne(PatientEntity, { deployment: link.deployment!.id, email })
        : null;
    if (known && known.status !== 'INVITED') throw new AppError('ALREADY_PATIENT');
    if (link.kind === 'STAFF' && existing && (await this.isMember(tx, link, existing.id)))
      throw new AppError('ALREADY_MEMBER');
    return known;
  }

  /** One use, taken atomically: concurrent joins queue on the row and re-check the limit. */
  private async takeUse(tx: EntityManager, link: InviteLinkEntity, now: Date): Promise<void> {
    const taken = await tx.getConnection().execute<{ id: string }[]>(
      `update invite_link set use_count = use_count + 1, updated_at = ?
        where id = ? and status = 'ACTIVE' and expires_at > ? and (max_uses is null or use_count < max_uses) returning id`,
      [now, link.id, now],
      'all',
      tx.getTransactionContext(),
    );
    if (!taken.length) {
      await tx.refresh(link);
      this.assertUsable(link, now);
      throw new AppError('LINK_FULL');
    }
  }

  /**
   * Patient links: the patient record invited earlier by email or SMS becomes the active patient
   * (its pending invitations are done), or a new one is made; audited.
   */
  private async joinPatient(
    tx: EntityManager,
    link: InviteLinkEntity,
    claim: InviteLinkClaimEntity,
    known: PatientEntity | null,
    user: UserEntity,
    ip: string | null,
    now: Date,
  ): Promise<void> {
    const patient =
      known ??
      tx.create(PatientEntity, {
        organisation: link.organisation,
        deployment: link.deployment!,
        channel: 'LINK',
        email: claim.email,
        invitedBy: link.createdBy ?? null,
        invitedAt: claim.createdAt,
      });
    if (known)
      await revokeInvitations(tx, {
        which: { patientId: patient.id },
        now,
        actor: { id: user.id, email: claim.email },
        ip,
        after: { reason: 'JOINED_BY_INVITE_LINK', linkId: link.id },
      });
    activatePatient(tx, this.deps.clock, patient, user, {
      now,
      channel: 'LINK',
      event: {
        action: 'invite-link.joined',
        label: claim.email,
        after: { linkId: link.id, label: link.label ?? null, channel: 'LINK' },
      },
      ip,
    });
    Object.assign(claim, { joinedAt: now, patient, user, ticketHash: null, ticketExpiresAt: null });
  }

  /** Staff links: the link's role at its scope, granted by whoever made the link; audited. */
  private async joinStaff(
    tx: EntityManager,
    link: InviteLinkEntity,
    claim: InviteLinkClaimEntity,
    user: UserEntity,
    ip: string | null,
    now: Date,
  ): Promise<void> {
    const role = link.role!;
    await grantRole(tx, this.deps.clock, {
      user,
      role,
      scope: scopeOf(link),
      grantedBy: link.createdBy ?? null,
      now,
      actor: user,
      ip,
      admitted: {
        action: 'invite-link.joined',
        target: { type: 'User', id: user.id, label: claim.email },
        after: { linkId: link.id, label: link.label ?? null, kind: 'STAFF', role: role.name },
      },
      granted: { role: role.name, roleId: role.id, via: 'invite-link', linkId: link.id },
    });
    Object.assign(claim, { joinedAt: now, user, ticketHash: null, ticketExpiresAt: null });
  }

  /** Is the address already registered where the link leads: a patient there, or (staff links) holding a role there? */
  private async isRegistered(
    tx: EntityManager,
    link: InviteLinkEntity,
    email: string,
  ): Promise<boolean> {
    if (link.kind === 'PATIENT')
      return (
        (await tx.count(PatientEntity, {
          deployment: link.deployment!.id,
          email,
          status: { $in: ['ACTIVE', 'OFFBOARDED'] },
        })) > 0
      );
    const user = await tx.findOne(UserEntity, { email }, { fields: ['id'] });
    return user !== null && (await this.isMember(tx, link, user.id));
  }

  /** A live role at the link's scope, or at its organisation when the link leads to a deployment. */
  private async isMember(
    tx: EntityManager,
    link: InviteLinkEntity,
    userId: string,
  ): Promise<boolean> {
    const count = await tx.count(RoleAssignmentEntity, {
      user: userId,
      endedAt: null,
      organisation: link.organisation.id,
      ...(link.deployment
        ? { $or: [{ deployment: link.deployment.id }, { deployment: null }] }
        : { deployment: null }),
    });
    return count > 0;
  }

  /** A link by its token; null when unknown. A link into an archived place reads as REVOKED (stateOf). */
  private async find(em: EntityManager, token: string): Promise<InviteLinkEntity | null> {
    if (!token || token.length >= 200) return null;
    return em.findOne(
      InviteLinkEntity,
      { tokenHash: hashToken(token) },
      { populate: ['organisation', 'deployment', 'role'] },
    );
  }

  private async isReplaced(em: EntityManager, token: string): Promise<boolean> {
    if (!token || token.length >= 200) return false;
    const rows = await em
      .getConnection()
      .execute<unknown[]>(
        `select 1 from invite_link where replaced_token_hashes @> array[?]::text[] limit 1`,
        [hashToken(token)],
        'all',
        em.getTransactionContext(),
      );
    return rows.length > 0;
  }

  /** The link of a token if people can join through it now; otherwise the LINK_* code saying why. */
  private async usableLink(em: EntityManager, token: string): Promise<InviteLinkEntity> {
    const link = await this.find(em, token);
    if (!link)
      throw new AppError((await this.isReplaced(em, token)) ? 'LINK_REPLACED' : 'LINK_NOT_FOUND');
    this.assertUsable(link, this.deps.clock.now());
    return link;
  }

  private assertUsable(link: InviteLinkEntity, now: Date): void {
    const state = stateOf(link, now);
    if (state !== 'ACTIVE') throw new AppError(LINK_ERRORS[state]);
  }
}
