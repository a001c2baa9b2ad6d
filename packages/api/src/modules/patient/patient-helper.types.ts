import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsIn, MaxLength } from 'class-validator';
import { PATIENT_EXPIRY_HOURS } from '@porter/shared';
import {
  HELPER_STATUSES,
  type HelperStatus,
  type PatientHelperEntity,
} from './patient-helper.entity.js';

export const HelperStatusEnum = Object.fromEntries(HELPER_STATUSES.map((v) => [v, v])) as {
  [K in HelperStatus]: K;
};
registerEnumType(HelperStatusEnum, {
  name: 'HelperStatus',
  description: 'Invited (not yet accepted), active, or removed.',
});

@ObjectType({
  description: 'A helper (proxy) acting for one patient: a relative or carer invited by email.',
  simpleResolvers: true,
})
export class PatientHelper {
  @Field(() => ID, { description: 'Stable identifier, for removePatientHelper.' })
  id!: string;

  @Field(() => ID, { description: 'The patient they help.' })
  patientId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Their email; null without `patient:view-identifiers`.',
  })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'Their name as given when invited.' })
  fullName!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'How they relate to the patient, e.g. “Daughter”.',
  })
  relationship!: string | null;

  @Field(() => HelperStatusEnum, { description: 'Invited, active or removed.' })
  status!: HelperStatus;

  @Field(() => Date, { description: 'When they were invited.' })
  invitedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When they accepted.' })
  joinedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When staff removed them.' })
  removedAt!: Date | null;
}

export function toPatientHelper(h: PatientHelperEntity, identifiers: boolean): PatientHelper {
  return Object.assign(new PatientHelper(), {
    id: h.id,
    patientId: h.patient.id,
    email: identifiers ? h.email : null,
    fullName: h.fullName ?? null,
    relationship: h.relationship ?? null,
    status: h.status,
    invitedAt: h.createdAt,
    joinedAt: h.joinedAt ?? null,
    removedAt: h.removedAt ?? null,
  });
}

@InputType({ description: 'A helper to invite by email for one patient.' })
export class InvitePatientHelperInput {
  @Field(() => ID, { description: 'The patient they will help.' })
  patientId!: string;

  @Field(() => String, { description: 'Their email address.' })
  @MaxLength(254)
  email!: string;

  @Field(() => String, { nullable: true, description: 'Their name, if known.' })
  @MaxLength(200)
  fullName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'How they relate to the patient, e.g. “Daughter” or “Carer”.',
  })
  @MaxLength(60)
  relationship?: string | null;

  @Field(() => Int, {
    defaultValue: 168,
    description: 'Hours until the invitation expires: 24, 48, 168 (7 days) or 8760 (1 year).',
  })
  @IsIn([...PATIENT_EXPIRY_HOURS])
  expiryHours: number = 168;
}
