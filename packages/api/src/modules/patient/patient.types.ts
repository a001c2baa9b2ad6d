import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsIn } from 'class-validator';
import { PATIENT_EXPIRY_HOURS } from '@porter/shared';
import { Connection } from '../../common/pagination.js';
import type { DeliveryStatus } from '../delivery/index.js';
import {
  DeliveryStatusEnum,
  InvitationChannelEnum,
  Inviter,
  InviteStaffPayload,
  type InvitationChannel,
  type StoredInvitationStatus,
  MAX_ADDRESSES_PER_CALL,
} from '../invitation/index.js';

/** The columns of a patient's pending invitation the list shows, read in one query with the inviter's name. */
export interface PendingInvitationRow {
  id: string;
  patientId: string;
  channel: InvitationChannel;
  address: string;
  status: StoredInvitationStatus;
  expiryHours: number;
  expiresAt: Date;
  createdAt: Date;
  lastSentAt: Date | null;
  sentCount: number;
  remindedAt: Date | null;
  deliveryStatus: DeliveryStatus;
  deliveryError: string | null;
  inviterId: string | null;
  inviterName: string | null;
}
import { PatientHelper } from './patient-helper.types.js';
import {
  PATIENT_CHANNELS,
  PATIENT_STATUSES,
  PATIENT_TYPES,
  type PatientChannel,
  type PatientEntity,
  type PatientStatus,
  type PatientType,
} from './patient.entity.js';
import { asEnum } from '../../common/graphql-enums.js';

export const PatientStatusEnum = asEnum(PATIENT_STATUSES);
registerEnumType(PatientStatusEnum, {
  name: 'PatientStatus',
  description: 'Invited, active, or offboarded.',
});
export const PatientChannelEnum = asEnum(PATIENT_CHANNELS);
registerEnumType(PatientChannelEnum, {
  name: 'PatientChannel',
  description: 'How the patient was invited.',
});
export const PatientTypeEnum = asEnum(PATIENT_TYPES);
registerEnumType(PatientTypeEnum, {
  name: 'PatientType',
  description: 'The patient list filter: all, active, pending invitations, offboarded.',
});

@ObjectType({ description: 'The pending invitation of an invited patient.', simpleResolvers: true })
export class PatientInvitation {
  @Field(() => ID, { description: 'Invitation id, for resend, revoke and delete.' })
  id!: string;

  @Field(() => InvitationChannelEnum, { description: 'Email or SMS; reminders go the same way.' })
  channel!: InvitationChannel;

  @Field(() => String, {
    nullable: true,
    description:
      'The email address or E.164 mobile it went to; null without `patient:view-identifiers`.',
  })
  address!: string | null;

  @Field(() => Date, { description: 'When the patient was invited.' })
  createdAt!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When the latest message went out (null while the first is queued).',
  })
  sentAt!: Date | null;

  @Field(() => Inviter, {
    nullable: true,
    description: 'Who invited; null once their account is gone.',
  })
  invitedBy!: Inviter | null;

  @Field(() => Boolean, {
    description:
      'An automatic reminder will still be sent: pending, not reminded yet, longer than 24 hours, and reminders on for the deployment.',
  })
  reminderDue!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the latest message went out.' })
  lastSentAt!: Date | null;

  @Field(() => Int, { description: 'How many messages went out.' })
  sentCount!: number;

  @Field(() => Date, { description: 'When it expires.' })
  expiresAt!: Date;

  @Field(() => Boolean, { description: 'Past its expiry.' })
  expired!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the automatic reminder was queued.' })
  remindedAt!: Date | null;

  @Field(() => DeliveryStatusEnum, { description: 'State of the latest message.' })
  deliveryStatus!: DeliveryStatus;

  @Field(() => String, { nullable: true, description: 'Last delivery error.' })
  deliveryError!: string | null;
}

@ObjectType({ description: 'What the viewer may do with a patient.', simpleResolvers: true })
export class PatientViewerCan {
  @Field(() => Boolean, { description: 'Stop monitoring (patient:offboard, active patients).' })
  offboard!: boolean;

  @Field(() => Boolean, {
    description: 'Start monitoring again (patient:offboard, offboarded patients).',
  })
  reactivate!: boolean;

  @Field(() => Boolean, {
    description: 'Resend, revoke or delete the pending invitation (patient:manage).',
  })
  manageInvitation!: boolean;

  @Field(() => Boolean, {
    description:
      "Send the pending invitation's failed message again with the same link (retryInvitationDeliveries): pending, not expired, latest message FAILED.",
  })
  retryDelivery!: boolean;

  @Field(() => Boolean, {
    description:
      'Invite and remove helpers (proxy:invite, helpers on for the deployment, patient not offboarded).',
  })
  manageHelpers!: boolean;
}

@ObjectType({
  description:
    'A patient of a deployment. Identifying fields are null without `patient:view-identifiers`.',
  simpleResolvers: true,
})
export class Patient {
  @Field(() => ID, { description: 'Stable identifier, also the patient id to search by.' })
  id!: string;

  @Field(() => PatientStatusEnum, { description: 'Invited, active or offboarded.' })
  status!: PatientStatus;

  @Field(() => PatientChannelEnum, { description: 'How they were invited.' })
  channel!: PatientChannel;

  @Field(() => String, {
    description: 'Name or email with identifiers; a short pseudonymous label without.',
  })
  displayName!: string;

  @Field(() => String, { nullable: true, description: 'First name (identifier).' })
  firstName!: string | null;

  @Field(() => String, { nullable: true, description: 'Last name (identifier).' })
  lastName!: string | null;

  @Field(() => String, { nullable: true, description: 'Email (identifier).' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'Mobile in E.164 (identifier).' })
  mobile!: string | null;

  @Field(() => Date, { description: 'When they were first invited.' })
  invitedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When they accepted.' })
  joinedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When monitoring stopped.' })
  offboardedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Offboarding reason key (see OFFBOARD_REASONS).',
  })
  offboardReason!: string | null;

  @Field(() => String, { nullable: true, description: 'Offboarding note, for “Other reason”.' })
  offboardNote!: string | null;

  @Field(() => PatientInvitation, {
    nullable: true,
    description: 'The pending invitation, for invited patients.',
  })
  invitation!: PatientInvitation | null;

  @Field(() => [PatientHelper], {
    description: 'Helpers invited for this patient (invited, active and removed), oldest first.',
  })
  helpers!: PatientHelper[];

  @Field(() => PatientViewerCan, { description: 'What the viewer may do with this patient.' })
  viewerCan!: PatientViewerCan;
}

export const PatientConnection = Connection(Patient, 'Patient');

export function toPatient(
  p: PatientEntity,
  identifiers: boolean,
  invitation: PendingInvitationRow | null,
  viewerCan: PatientViewerCan,
  now: Date,
  extra: { remindersEnabled?: boolean; helpers?: PatientHelper[] } = {},
): Patient {
  const name = [p.firstName, p.lastName].filter(Boolean).join(' ');
  return Object.assign(new Patient(), {
    id: p.id,
    status: p.status,
    channel: p.channel,
    displayName: identifiers
      ? name || p.email || p.mobile || 'Unnamed patient'
      : `Patient ${p.id.slice(0, 8)}`,
    firstName: identifiers ? (p.firstName ?? null) : null,
    lastName: identifiers ? (p.lastName ?? null) : null,
    email: identifiers ? (p.email ?? null) : null,
    mobile: identifiers ? (p.mobile ?? null) : null,
    invitedAt: p.invitedAt,
    joinedAt: p.joinedAt ?? null,
    offboardedAt: p.offboardedAt ?? null,
    offboardReason: p.offboardReason ?? null,
    offboardNote: p.offboardNote ?? null,
    invitation: invitation
      ? {
          id: invitation.id,
          channel: invitation.channel,
          address: identifiers ? invitation.address : null,
          createdAt: invitation.createdAt,
          sentAt: invitation.lastSentAt ?? null,
          invitedBy:
            invitation.inviterId && invitation.inviterName
              ? { id: invitation.inviterId, fullName: invitation.inviterName }
              : null,
          reminderDue:
            invitation.status === 'PENDING' &&
            !invitation.remindedAt &&
            invitation.expiryHours > 24 &&
            invitation.expiresAt > now &&
            extra.remindersEnabled !== false,
          lastSentAt: invitation.lastSentAt ?? null,
          sentCount: invitation.sentCount,
          expiresAt: invitation.expiresAt,
          expired: invitation.status === 'EXPIRED' || invitation.expiresAt <= now,
          remindedAt: invitation.remindedAt ?? null,
          deliveryStatus: invitation.deliveryStatus,
          deliveryError: invitation.deliveryError ?? null,
        }
      : null,
    helpers: extra.helpers ?? [],
    viewerCan,
  });
}

@InputType({ description: 'Patients to invite by email to one deployment.' })
export class InvitePatientsInput {
  @Field(() => ID, { description: 'The organisation.' })
  organisationId!: string;

  @Field(() => ID, { description: 'The deployment.' })
  deploymentId!: string;

  @Field(() => [String], { description: `Email addresses, 1 to ${MAX_ADDRESSES_PER_CALL}.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ADDRESSES_PER_CALL)
  emails!: string[];

  @Field(() => Int, {
    defaultValue: 168,
    description: 'Hours until expiry: 24, 48, 168 (7 days) or 8760 (1 year).',
  })
  @IsIn([...PATIENT_EXPIRY_HOURS])
  expiryHours: number = 168;
}

@ObjectType({
  description: 'The result of inviting patients: one outcome per address, in the order given.',
})
export class InvitePatientsPayload extends InviteStaffPayload {}

export type { PatientType };
