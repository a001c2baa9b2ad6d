import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { DeploymentEntity } from '../deployment/index.js';
import { OrganisationEntity } from '../organisation/index.js';
import { PatientEntity } from '../patient/index.js';
import { RoleEntity } from '../role/index.js';
import { UserEntity } from '../user/index.js';

export const INVITE_LINK_KINDS = ['PATIENT', 'STAFF'] as const;
export type InviteLinkKind = (typeof INVITE_LINK_KINDS)[number];
/** Stored statuses; an active link past its expiry or out of uses reads as EXPIRED or FULL. */
export const INVITE_LINK_STATUSES = ['ACTIVE', 'REVOKED'] as const;
export type InviteLinkStatus = (typeof INVITE_LINK_STATUSES)[number];

/**
 * A multi-use invitation link (posters, QR codes): anyone with it may join, until it expires, is
 * revoked or has been used `maxUses` times. PATIENT links join a deployment as patients; STAFF
 * links give one non-admin role at an organisation or one of its deployments. The token is looked up by its SHA-256;
 * it is also kept sealed (AES-GCM, server secret) so staff can copy the link and its QR code
 * again later. Rotating puts a new token in place; the old hashes are remembered.
 */
export const InviteLinkEntity = defineEntity({
  name: 'InviteLink',
  tableName: 'invite_link',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    kind: p.enum(INVITE_LINK_KINDS),
    organisation: () => p.manyToOne(OrganisationEntity).deleteRule('cascade'),
    deployment: () => p.manyToOne(DeploymentEntity).nullable().deleteRule('cascade'),
    /** Staff links: the role joiners get. */
    role: () => p.manyToOne(RoleEntity).nullable(),
    label: p.string().length(120).nullable(),
    tokenHash: p.string().length(64).unique().hidden(),
    sealedToken: p.text().hidden(),
    replacedTokenHashes: p
      .array()
      .onCreate(() => [])
      .hidden(),
    status: p.enum(INVITE_LINK_STATUSES).default('ACTIVE'),
    expiryHours: p.integer(),
    expiresAt: p.datetime(),
    maxUses: p.integer().nullable(),
    useCount: p.integer().default(0),
    createdBy: () => p.manyToOne(UserEntity).nullable().deleteRule('set null'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    rotatedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  }),
  indexes: [
    {
      name: 'invite_link_deployment',
      expression:
        'create index "invite_link_deployment" on "invite_link" ("deployment_id", "created_at" desc, "id" desc)',
    },
    {
      name: 'invite_link_staff_scope',
      expression:
        'create index "invite_link_staff_scope" on "invite_link" ("organisation_id", "deployment_id", "created_at" desc, "id" desc) where "kind" = \'STAFF\'',
    },
    {
      name: 'invite_link_replaced_tokens',
      expression:
        'create index "invite_link_replaced_tokens" on "invite_link" using gin ("replaced_token_hashes")',
    },
  ],
  checks: [
    { name: 'invite_link_max_uses_positive', expression: 'max_uses is null or max_uses > 0' },
    {
      name: 'invite_link_within_max_uses',
      expression: 'max_uses is null or use_count <= max_uses',
    },
    { name: 'invite_link_staff_has_role', expression: "kind <> 'STAFF' or role_id is not null" },
    {
      name: 'invite_link_patient_has_deployment',
      expression: "kind <> 'PATIENT' or deployment_id is not null",
    },
  ],
});
export type InviteLinkEntity = InferEntity<typeof InviteLinkEntity>;

/**
 * One person working through a link: the email they gave, the emailed 6-digit code (hashed,
 * short-lived, few attempts), the ticket they get once the code is right, and — when they finish —
 * the patient record (patient links) and account. Unfinished claims get a reminder 24 h before the link expires.
 */
export const InviteLinkClaimEntity = defineEntity({
  name: 'InviteLinkClaim',
  tableName: 'invite_link_claim',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    link: () => p.manyToOne(InviteLinkEntity).deleteRule('cascade'),
    email: p.string().length(254),
    codeHash: p.string().length(64).nullable().hidden(),
    codeExpiresAt: p.datetime().nullable(),
    codeAttempts: p.integer().default(0),
    codesSent: p.integer().default(0),
    lastCodeAt: p.datetime().nullable(),
    /** Where the latest code was asked from: codes per link and address are limited per hour. */
    lastCodeIp: p.string().length(64).nullable(),
    verifiedAt: p.datetime().nullable(),
    ticketHash: p.string().length(64).nullable().unique().hidden(),
    ticketExpiresAt: p.datetime().nullable(),
    joinedAt: p.datetime().nullable(),
    patient: () => p.manyToOne(PatientEntity).nullable().deleteRule('set null'),
    user: () => p.manyToOne(UserEntity).nullable().deleteRule('set null'),
    remindedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  }),
  indexes: [
    {
      name: 'invite_link_claim_unfinished',
      expression:
        'create index "invite_link_claim_unfinished" on "invite_link_claim" ("link_id") where "joined_at" is null and "reminded_at" is null',
    },
    {
      name: 'invite_link_claim_joined',
      expression:
        'create index "invite_link_claim_joined" on "invite_link_claim" ("link_id", "joined_at" desc) where "joined_at" is not null',
    },
  ],
  uniques: [{ name: 'invite_link_claim_one_per_email', properties: ['link', 'email'] }],
});
export type InviteLinkClaimEntity = InferEntity<typeof InviteLinkClaimEntity>;
