import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsIn } from 'class-validator';
import { Connection } from '../../common/pagination.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../delivery/index.js';
import { Deployment } from '../deployment/index.js';
import { Role } from '../role/index.js';
import {
  INVITATION_CHANNELS,
  INVITATION_KINDS,
  type InvitationChannel,
  type InvitationKind,
} from './invitation.entity.js';
import { STAFF_EXPIRY_HOURS } from '@porter/shared';
import {
  INVITE_OUTCOMES,
  MAX_ADDRESSES_PER_CALL,
  type InviteOutcome,
} from './invitation.service.js';
import { asEnum } from '../../common/graphql-enums.js';

export const INVITATION_STATUSES = ['PENDING', 'EXPIRED', 'ACCEPTED', 'REVOKED'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
export const InvitationStatusEnum = asEnum(INVITATION_STATUSES);
registerEnumType(InvitationStatusEnum, {
  name: 'InvitationStatus',
  description:
    'PENDING until accepted or revoked; EXPIRED once past its expiry while still pending.',
});

export const LINK_STATES = [
  'PENDING',
  'EXPIRED',
  'ACCEPTED',
  'REVOKED',
  'REPLACED',
  'NOT_FOUND',
] as const;
export type LinkState = (typeof LINK_STATES)[number];
export const LinkStateEnum = asEnum(LINK_STATES);
registerEnumType(LinkStateEnum, {
  name: 'InvitationLinkState',
  description: 'What an invitation link leads to: usable, or why not.',
});

export const InvitationKindEnum = asEnum(INVITATION_KINDS);
registerEnumType(InvitationKindEnum, {
  name: 'InvitationKind',
  description: 'Who an invitation is for: staff, a patient, or a patient’s helper.',
});
export const InvitationChannelEnum = asEnum(INVITATION_CHANNELS);
registerEnumType(InvitationChannelEnum, {
  name: 'InvitationChannel',
  description: 'How an invitation reaches its person: email or text message.',
});

export const DeliveryStatusEnum = asEnum(DELIVERY_STATUSES);
registerEnumType(DeliveryStatusEnum, {
  name: 'DeliveryStatus',
  description: 'State of the latest message of an invitation.',
});

export const InviteOutcomeEnum = asEnum(INVITE_OUTCOMES);
registerEnumType(InviteOutcomeEnum, {
  name: 'InviteOutcome',
  description: 'What happened to one address of a bulk invitation.',
});

export const INVITATION_SORTS = ['NEWEST', 'OLDEST', 'EXPIRING_SOON'] as const;
export type InvitationSort = (typeof INVITATION_SORTS)[number];
export const InvitationSortEnum = asEnum(INVITATION_SORTS);
registerEnumType(InvitationSortEnum, {
  name: 'InvitationSort',
  description: 'Order of an invitation list.',
});

@InputType({ description: 'Staff to invite: addresses, one role, an expiry, and a scope.' })
export class InviteStaffInput {
  @Field(() => ID, { description: 'The organisation.' })
  organisationId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'A deployment of it; omit to invite at organisation level.',
  })
  deploymentId?: string | null;

  @Field(() => [String], {
    description: `Email addresses, 1 to ${MAX_ADDRESSES_PER_CALL}; trimmed and lower-cased, repeats collapsed.`,
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ADDRESSES_PER_CALL)
  emails!: string[];

  @Field(() => ID, { description: 'The role to give; see grantableRoles.' })
  roleId!: string;

  @Field(() => Int, {
    defaultValue: 72,
    description: 'Hours until the invitation expires: 24, 72 or 168.',
  })
  @IsIn([...STAFF_EXPIRY_HOURS])
  expiryHours: number = 72;
}

@ObjectType({ description: 'The outcome for one address.' })
export class InviteResult {
  @Field(() => String, { description: 'The address as normalised.' })
  address!: string;

  @Field(() => InviteOutcomeEnum, {
    description: 'Invited, already pending, already a member, invalid or not allowed.',
  })
  outcome!: InviteOutcome;

  @Field(() => ID, {
    nullable: true,
    description: 'The new invitation, or the pending one for ALREADY_PENDING.',
  })
  invitationId!: string | null;

  @Field(() => String, { nullable: true, description: 'Why, for anything but INVITED.' })
  message!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The personal invitation link, only when exactly one address was given and invited: to copy or show as a QR code.',
  })
  link!: string | null;
}

@ObjectType({
  description:
    'The result of a bulk staff invitation: one outcome per address, in the order given.',
})
export class InviteStaffPayload {
  @Field(() => ID, { description: 'Identifies this batch.' })
  batchId!: string;

  @Field(() => Int, { description: 'How many invitations were created.' })
  invitedCount!: number;

  @Field(() => [InviteResult], { description: 'One entry per distinct address.' })
  results!: InviteResult[];
}

@ObjectType({
  description: 'The outcome of an action on one invitation of a bulk resend, revoke or retry.',
})
export class InvitationActionResult {
  @Field(() => ID, { description: 'The invitation.' })
  invitationId!: string;

  @Field(() => Boolean, { description: 'It worked.' })
  ok!: boolean;

  @Field(() => String, { nullable: true, description: 'Error code when it did not.' })
  code!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it did not.' })
  message!: string | null;
}

@ObjectType({ description: 'Someone who sent an invitation.', simpleResolvers: true })
export class Inviter {
  @Field(() => ID, { description: 'User id.' })
  id!: string;

  @Field(() => String, { description: 'Full name.' })
  fullName!: string;
}

@ObjectType({ description: 'What the viewer may do with an invitation.' })
export class InvitationViewerCan {
  @Field(() => Boolean, { description: 'Send it again with a new link and a fresh expiry.' })
  resend!: boolean;

  @Field(() => Boolean, { description: 'Withdraw it.' })
  revoke!: boolean;

  @Field(() => Boolean, {
    description:
      'Send its failed message again with the same link (retryInvitationDeliveries): pending, not expired, latest message FAILED.',
  })
  retryDelivery!: boolean;
}

@ObjectType({ description: 'A staff invitation as the pending list shows it.' })
export class StaffInvitation {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => String, { description: 'Invited email address.' })
  email!: string;

  @Field(() => Role, { description: 'The role it gives.' })
  role!: Role;

  @Field(() => Deployment, {
    nullable: true,
    description: 'The deployment, for deployment-level invitations.',
  })
  deployment!: Deployment | null;

  @Field(() => InvitationStatusEnum, { description: 'Pending, expired, accepted or revoked.' })
  status!: InvitationStatus;

  @Field(() => Inviter, { nullable: true, description: 'Who invited.' })
  invitedBy!: Inviter | null;

  @Field(() => Date, { description: 'When it was created.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the latest email went out.' })
  lastSentAt!: Date | null;

  @Field(() => Int, { description: 'How many emails went out.' })
  sentCount!: number;

  @Field(() => Date, { description: 'When it expires.' })
  expiresAt!: Date;

  @Field(() => Int, { description: 'Its length in hours (24, 72 or 168).' })
  expiryHours!: number;

  @Field(() => Date, { nullable: true, description: 'When the automatic reminder was queued.' })
  remindedAt!: Date | null;

  @Field(() => DeliveryStatusEnum, { description: 'State of the latest message.' })
  deliveryStatus!: DeliveryStatus;

  @Field(() => String, {
    nullable: true,
    description: 'Last delivery error, while retrying or after failing.',
  })
  deliveryError!: string | null;

  @Field(() => InvitationViewerCan, { description: 'What the viewer may do with it.' })
  viewerCan!: InvitationViewerCan;
}

export const StaffInvitationConnection = Connection(StaffInvitation, 'StaffInvitation');

@ObjectType({
  description: 'What an invitation link shows before it is accepted. Opening it changes nothing.',
})
export class InvitationPreview {
  @Field(() => LinkStateEnum, { description: 'Usable (PENDING), or why not.' })
  state!: LinkState;

  @Field(() => String, {
    nullable: true,
    description: 'The invited email address (null for text-message invitations).',
  })
  email!: string | null;

  @Field(() => InvitationKindEnum, {
    nullable: true,
    description: 'Staff, patient or helper; null when the link leads nowhere.',
  })
  kind!: InvitationKind | null;

  @Field(() => InvitationChannelEnum, {
    nullable: true,
    description: 'Email or text message; null when the link leads nowhere.',
  })
  channel!: InvitationChannel | null;

  @Field(() => String, {
    nullable: true,
    description:
      'First name the inviter gave (text-message invitations), while the invitation is usable.',
  })
  firstName!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Last name the inviter gave (text-message invitations), while the invitation is usable.',
  })
  lastName!: string | null;

  @Field(() => Boolean, {
    description:
      'Accepting signed out sets a password. False for text-message invitations: the person confirms their name and the terms, and later signs in with a code sent to their mobile.',
  })
  passwordRequired!: boolean;

  @Field(() => String, { nullable: true, description: 'Organisation name.' })
  organisationName!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Deployment name, for deployment-level invitations.',
  })
  deploymentName!: string | null;

  @Field(() => String, { nullable: true, description: 'The role it gives.' })
  roleName!: string | null;

  @Field(() => String, { nullable: true, description: 'Who invited.' })
  inviterName!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it expires.' })
  expiresAt!: Date | null;

  @Field(() => Boolean, {
    description: 'An account with the invited email exists: sign in, then accept.',
  })
  accountExists!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'Helper (PROXY) invitations: the first name of the patient they will help, while the link is usable.',
  })
  helperFor!: string | null;
}

@ObjectType({ description: 'A message kept by the development outbox instead of being sent.' })
export class OutboxMessage {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => String, { description: 'EMAIL or SMS.' })
  channel!: string;

  @Field(() => String, { description: 'Recipient.' })
  to!: string;

  @Field(() => String, { nullable: true, description: 'Email subject.' })
  subject!: string | null;

  @Field(() => String, { description: 'Plain text body.' })
  text!: string;

  @Field(() => String, { nullable: true, description: 'HTML body of an email.' })
  html!: string | null;

  @Field(() => Date, { description: 'When it was "sent".' })
  createdAt!: Date;
}
