import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../common/clock.js';
import type { Account, GivenName } from '../enrolment/index.js';
import type { InvitationEntity, InvitationKind } from './invitation.entity.js';

/** An invitation being accepted: locked, marked ACCEPTED, with the account that accepts it. */
export interface Admission {
  invitation: InvitationEntity;
  account: Account;
  clock: Clock;
  now: Date;
  ip: string | null;
}

/**
 * What differs by kind when an invitation is accepted or withdrawn. Each feature registers its own (staff:
 * grant the role; patient: activate the patient; helper: link to the patient) through the
 * composition root (app/invitation-kinds.ts), so this module imports none of them.
 */
export interface KindHandler {
  /** The name the inviter gave, offered when the person leaves theirs empty. */
  givenName(invitation: InvitationEntity): GivenName;
  /** Runs inside the accept transaction, after the account is resolved. */
  admit(tx: EntityManager, admission: Admission): Promise<void>;
  /**
   * Runs inside the revoke transaction, after these invitations of this kind were withdrawn
   * (a patient who exists only through its invitation is removed with it).
   */
  withdrawn?(tx: EntityManager, invitations: readonly InvitationEntity[], now: Date): Promise<void>;
}

export type KindHandlers = Readonly<Record<InvitationKind, KindHandler>>;

declare module '../../common/context.js' {
  interface Deps {
    /** What accepting an invitation gives, by kind (filled in by app/invitation-kinds.ts). */
    kindHandlers: KindHandlers;
  }
}
