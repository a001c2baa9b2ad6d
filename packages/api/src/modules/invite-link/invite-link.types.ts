import { IsIn, IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MAX_LINK_USES, PATIENT_EXPIRY_HOURS, STAFF_EXPIRY_HOURS } from '@porter/shared';
import {
  INVITE_LINK_KINDS,
  type InviteLinkEntity,
  type InviteLinkKind,
} from './invite-link.entity.js';
import { asEnum } from '../../common/graphql-enums.js';

/** Upper bound of `maxUses`: a poster in a waiting room, not a mailing list. */
export { MAX_LINK_USES };

export const InviteLinkKindEnum = asEnum(INVITE_LINK_KINDS);
registerEnumType(InviteLinkKindEnum, {
  name: 'InviteLinkKind',
  description: 'PATIENT links join a deployment as patients; STAFF links give one non-admin role.',
});

/** Where a link leads: its organisation, and its deployment (always for patient links). */
export interface LinkScope {
  organisationId: string;
  deploymentId: string | null;
}

export const INVITE_LINK_STATES = ['ACTIVE', 'EXPIRED', 'REVOKED', 'FULL'] as const;
export type InviteLinkState = (typeof INVITE_LINK_STATES)[number];
export const InviteLinkStateEnum = asEnum(INVITE_LINK_STATES);
registerEnumType(InviteLinkStateEnum, {
  name: 'InviteLinkState',
  description:
    'ACTIVE while people can join; EXPIRED past its expiry, REVOKED once switched off, FULL once used `maxUses` times.',
});

export const INVITE_LINK_PREVIEW_STATES = [...INVITE_LINK_STATES, 'NOT_FOUND', 'REPLACED'] as const;
export type InviteLinkPreviewState = (typeof INVITE_LINK_PREVIEW_STATES)[number];
export const InviteLinkPreviewStateEnum = asEnum(INVITE_LINK_PREVIEW_STATES);
registerEnumType(InviteLinkPreviewStateEnum, {
  name: 'InviteLinkPreviewState',
  description:
    'What an invite link leads to: usable (ACTIVE), or why not (also NOT_FOUND, or REPLACED after a rotation).',
});

/** What a link reads as now: revoked first, then expired, then out of uses. */
export function inviteLinkState(
  link: Pick<InviteLinkEntity, 'status' | 'expiresAt' | 'maxUses' | 'useCount'>,
  now: Date,
): InviteLinkState {
  if (link.status === 'REVOKED') return 'REVOKED';
  if (link.expiresAt <= now) return 'EXPIRED';
  if (link.maxUses != null && link.useCount >= link.maxUses) return 'FULL';
  return 'ACTIVE';
}

/**
 * What every invite link may limit: how many people join through it, and a name for staff. Its
 * fields are inherited by the two inputs below; no operation takes it, so it is not in the schema.
 */
@InputType('InviteLinkLimitsInput')
abstract class InviteLinkLimitsInput {
  @Field(() => Int, {
    nullable: true,
    description: `How many people may join through it, 1 to ${MAX_LINK_USES}; unlimited when omitted.`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_LINK_USES)
  maxUses?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'A name for staff, e.g. "Waiting room poster" (at most 120 characters).',
  })
  @IsOptional()
  @MaxLength(120)
  label?: string | null;
}

@InputType({ description: 'A new multi-use patient invite link for one deployment.' })
export class CreatePatientInviteLinkInput extends InviteLinkLimitsInput {
  @Field(() => ID, { description: 'The organisation.' })
  organisationId!: string;

  @Field(() => ID, { description: 'The deployment people join as patients.' })
  deploymentId!: string;

  @Field(() => Int, {
    defaultValue: 168,
    description: 'Hours until the link expires: 24, 48, 168 (7 days) or 8760 (1 year).',
  })
  @IsIn([...PATIENT_EXPIRY_HOURS])
  expiryHours: number = 168;
}

@InputType({
  description:
    'A new multi-use staff invite link: one non-admin role at an organisation or one of its deployments.',
})
export class CreateStaffInviteLinkInput extends InviteLinkLimitsInput {
  @Field(() => ID, { description: 'The organisation.' })
  organisationId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The deployment people join; the organisation itself when omitted.',
  })
  @IsOptional()
  deploymentId?: string | null;

  @Field(() => ID, {
    description:
      'The role joiners get: one the viewer may give here, without admin permissions (see staffInviteLinkRoles).',
  })
  roleId!: string;

  @Field(() => Int, {
    defaultValue: 72,
    description: 'Hours until the link expires: 24, 72 or 168 (7 days).',
  })
  @IsIn([...STAFF_EXPIRY_HOURS])
  expiryHours: number = 72;
}

@ObjectType({ description: 'The role a staff invite link gives.' })
export class InviteLinkRole {
  @Field(() => ID, { description: 'Role id.' })
  id!: string;

  @Field(() => String, { description: 'Display name.' })
  name!: string;
}

@ObjectType({ description: 'The staff member who made a link.' })
export class InviteLinkCreator {
  @Field(() => ID, { description: 'User id.' })
  id!: string;

  @Field(() => String, { description: 'Full name.' })
  fullName!: string;
}

@ObjectType({ description: 'Someone who joined through a link.' })
export class InviteLinkJoin {
  @Field(() => ID, { description: 'The claim (one person working through the link).' })
  id!: string;

  @Field(() => String, {
    description: 'Their name with `patient:view-identifiers`; a short pseudonymous label without.',
  })
  fullName!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Their email; null without `patient:view-identifiers`.',
  })
  email!: string | null;

  @Field(() => Date, { description: 'When they joined.' })
  joinedAt!: Date;

  @Field(() => ID, {
    nullable: true,
    description: 'Patient links: the patient record they became (null if it was since deleted).',
  })
  patientId!: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Staff links: the account that joined (null for patient links, or once the account is gone).',
  })
  userId!: string | null;
}

@ObjectType({
  description:
    'A multi-use link people open to join: a deployment as patients, or the team with one role. With its QR code.',
})
export class InviteLink {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => InviteLinkKindEnum, { description: 'Patient or staff link.' })
  kind!: InviteLinkKind;

  @Field(() => InviteLinkRole, {
    nullable: true,
    description: 'Staff links: the role joiners get.',
  })
  role!: InviteLinkRole | null;

  @Field(() => String, {
    nullable: true,
    description: 'The deployment it leads to; null for an organisation-level staff link.',
  })
  deploymentName!: string | null;

  @Field(() => String, { nullable: true, description: 'A name for staff.' })
  label!: string | null;

  @Field(() => String, { description: 'The link to share; it changes when the link is rotated.' })
  url!: string;

  @Field(() => InviteLinkStateEnum, { description: 'Active, expired, revoked or full.' })
  state!: InviteLinkState;

  @Field(() => Date, { description: 'When it stops working.' })
  expiresAt!: Date;

  @Field(() => Int, { description: 'The expiry chosen, in hours.' })
  expiryHours!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'How many people may join through it; null for no limit.',
  })
  maxUses!: number | null;

  @Field(() => Int, { description: 'How many people joined through it.' })
  useCount!: number;

  @Field(() => Date, { description: 'When it was made.' })
  createdAt!: Date;

  @Field(() => InviteLinkCreator, {
    nullable: true,
    description: 'Who made it (null once that account is gone).',
  })
  createdBy!: InviteLinkCreator | null;

  /** Kept for the field resolvers (QR codes, joins); not in the schema. */
  linkScope!: LinkScope;
}

@ObjectType({
  description:
    'What an invite link leads to, for the person who opened it. Reading it never uses it up.',
})
export class InviteLinkPreview {
  @Field(() => InviteLinkPreviewStateEnum, { description: 'Usable, or why not.' })
  state!: InviteLinkPreviewState;

  @Field(() => String, { nullable: true, description: 'The organisation (when the link exists).' })
  organisationName!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The deployment people join (when the link exists; null for an organisation-level staff link).',
  })
  deploymentName!: string | null;

  @Field(() => InviteLinkKindEnum, {
    nullable: true,
    description: 'Patient or staff link (when the link exists).',
  })
  kind!: InviteLinkKind | null;

  @Field(() => String, {
    nullable: true,
    description: 'Staff links: the role people get (when the link exists).',
  })
  roleName!: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the link stops working (when it exists).',
  })
  expiresAt!: Date | null;
}

@ObjectType({ description: 'A join code was emailed.' })
export class JoinCodeRequest {
  @Field(() => String, { description: 'The address it went to, as normalised.' })
  sentTo!: string;

  @Field(() => Date, { description: 'When the code stops working.' })
  expiresAt!: Date;
}

@ObjectType({
  description:
    'Proof that an email address was confirmed with its code; spend it with joinWithTicket.',
})
export class JoinTicket {
  @Field(() => String, { description: 'Secret; valid for 30 minutes.' })
  ticket!: string;

  @Field(() => String, { description: 'The confirmed address.' })
  email!: string;

  @Field(() => Date, { description: 'When the ticket stops working.' })
  expiresAt!: Date;
}

/** Staff view of a link; the token is unsealed only to build the URL. */
export function toInviteLink(link: InviteLinkEntity, url: string, now: Date): InviteLink {
  return {
    id: link.id,
    kind: link.kind,
    role: link.role ? { id: link.role.id, name: link.role.name } : null,
    deploymentName: link.deployment?.name ?? null,
    label: link.label ?? null,
    url,
    state: inviteLinkState(link, now),
    expiresAt: link.expiresAt,
    expiryHours: link.expiryHours,
    maxUses: link.maxUses ?? null,
    useCount: link.useCount,
    createdAt: link.createdAt,
    createdBy: link.createdBy ? { id: link.createdBy.id, fullName: link.createdBy.fullName } : null,
    linkScope: { organisationId: link.organisation.id, deploymentId: link.deployment?.id ?? null },
  };
}
