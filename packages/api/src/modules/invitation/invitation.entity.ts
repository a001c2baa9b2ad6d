import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { CHANNELS, type Channel } from '@porter/shared';
import { DELIVERY_STATUSES } from '../delivery/index.js';
import { DeploymentEntity } from '../deployment/index.js';
import { OrganisationEntity } from '../organisation/index.js';
import { RoleEntity } from '../role/index.js';
import { UserEntity } from '../user/index.js';
// The one deep import between modules, on purpose: a patient or helper invitation belongs to a
// patient (foreign key, deleted with it, populated by the link preview and acceptance), and the
// patient module reaches invitation through its face. Importing the entity file alone (it needs
// only deployment, organisation and user) keeps that a chain, not a circle of files.
// eslint-disable-next-line import-x/no-restricted-paths -- the entity file alone, as said above
import { PatientEntity } from '../patient/patient.entity.js';
import { INVITATION_STAT_TRIGGERS } from './invitation-stat.triggers.js';
import {
  INVITATION_STATUSES,
  isOpenStatus,
  OPEN_SQL,
  OPEN_STATUSES,
  type InvitationStatus,
} from './invitation.lifecycle.js';

export const INVITATION_KINDS = ['STAFF', 'PATIENT', 'PROXY'] as const;
export type InvitationKind = (typeof INVITATION_KINDS)[number];
/** The channels of @porter/shared (the delivery module says how each is sent). */
export const INVITATION_CHANNELS = CHANNELS;
export type InvitationChannel = Channel;
/**
 * Stored statuses, and how they change, are the lifecycle's (invitation.lifecycle.ts). The expiry
 * job moves a pending invitation past its expiry to EXPIRED; until it runs, a PENDING one past its
 * expiry reads as expired all the same. EXPIRED is still open: it can be resent (back to PENDING)
 * or revoked, and it holds its address.
 */
export const STORED_INVITATION_STATUSES = INVITATION_STATUSES;
export type StoredInvitationStatus = InvitationStatus;
/** Waiting for an answer: pending, expired or not. */
export const OPEN_INVITATION_STATUSES = OPEN_STATUSES;
export const isOpenInvitation = isOpenStatus;
/** The same, in SQL. */
export const OPEN_INVITATION_SQL = OPEN_SQL;

/**
 * One invitation of any kind. Only the SHA-256 of the current token is kept; a resend or reminder
 * rotates it, and the hashes it replaced are remembered so an old link can say it was replaced.
 */
export const InvitationEntity = defineEntity({
  name: 'Invitation',
  tableName: 'invitation',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    kind: p.enum(INVITATION_KINDS),
    channel: p.enum(INVITATION_CHANNELS),
    /** Normalised email or E.164 mobile. */
    address: p.string().length(254),
    fullName: p.string().length(200).nullable(),
    organisation: () => p.manyToOne(OrganisationEntity).deleteRule('cascade'),
    deployment: () => p.manyToOne(DeploymentEntity).nullable().deleteRule('cascade'),
    role: () => p.manyToOne(RoleEntity).nullable(),
    /** The patient a patient invitation is for. */
    patient: () => p.manyToOne(PatientEntity).nullable().deleteRule('cascade'),
    tokenHash: p.string().length(64).unique().hidden(),
    replacedTokenHashes: p
      .array()
      .onCreate(() => [])
      .hidden(),
    status: p.enum(STORED_INVITATION_STATUSES).default('PENDING'),
    expiryHours: p.integer(),
    expiresAt: p.datetime(),
    invitedBy: () => p.manyToOne(UserEntity).nullable().deleteRule('set null'),
    batchId: p.uuid(),
    sentCount: p.integer().default(0),
    lastSentAt: p.datetime().nullable(),
    remindedAt: p.datetime().nullable(),
    deliveryStatus: p.enum(DELIVERY_STATUSES).default('QUEUED'),
    deliveryError: p.string().length(500).nullable(),
    acceptedAt: p.datetime().nullable(),
    acceptedBy: () => p.manyToOne(UserEntity).nullable().deleteRule('set null'),
    revokedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  }),
  indexes: [
    {
      name: 'invitation_pending_list',
      expression:
        'create index "invitation_pending_list" on "invitation" ("organisation_id", "kind", "created_at" desc, "id" desc) where "status" in (\'PENDING\', \'EXPIRED\')',
    },
    {
      name: 'invitation_pending_deployment_list',
      expression:
        'create index "invitation_pending_deployment_list" on "invitation" ("deployment_id", "kind", "created_at" desc, "id" desc) where "status" in (\'PENDING\', \'EXPIRED\')',
    },
    // The expiry job's scan and the reminder job's (which walks it with a keyset cursor): pending
    // invitations by expiry.
    {
      name: 'invitation_expiry_due',
      expression:
        'create index "invitation_expiry_due" on "invitation" ("expires_at") where "status" = \'PENDING\'',
    },
    {
      name: 'invitation_patient_pending',
      expression:
        'create index "invitation_patient_pending" on "invitation" ("patient_id") where "status" in (\'PENDING\', \'EXPIRED\')',
    },
    {
      name: 'invitation_replaced_tokens',
      expression:
        'create index "invitation_replaced_tokens" on "invitation" using gin ("replaced_token_hashes")',
    },
  ],
  uniques: [
    {
      name: 'invitation_one_pending_per_address',
      expression:
        'create unique index "invitation_one_pending_per_address" on "invitation" ("organisation_id", "deployment_id", "kind", "address", "patient_id") nulls not distinct where "status" in (\'PENDING\', \'EXPIRED\')',
    },
  ],
  checks: [
    { name: 'invitation_staff_has_role', expression: "kind <> 'STAFF' or role_id is not null" },
    {
      name: 'invitation_patient_has_patient',
      expression: "kind <> 'PATIENT' or (patient_id is not null and deployment_id is not null)",
    },
    {
      name: 'invitation_proxy_has_patient',
      expression: "kind <> 'PROXY' or (patient_id is not null and deployment_id is not null)",
    },
  ],
  /** The dashboard's rollups (invitation-stat.triggers.ts) follow every change set-based. */
  triggers: INVITATION_STAT_TRIGGERS,
});
export type InvitationEntity = InferEntity<typeof InvitationEntity>;

/**
 * The token hashes of invitations that went with a deleted patient (deleting or revoking the
 * invitation of someone who never joined removes them): their links then say the invitation was
 * withdrawn, like a revoked one, instead of "not found". Only hashes and the organisation are kept.
 */
export const WithdrawnInvitationTokenEntity = defineEntity({
  name: 'WithdrawnInvitationToken',
  tableName: 'withdrawn_invitation_token',
  properties: (p) => ({
    tokenHash: p.string().length(64).primary(),
    organisation: () => p.manyToOne(OrganisationEntity).deleteRule('cascade').index(),
    withdrawnAt: p.datetime(),
  }),
});
export type WithdrawnInvitationTokenEntity = InferEntity<typeof WithdrawnInvitationTokenEntity>;
