import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { CHANNELS } from '@porter/shared';
import { DeploymentEntity } from '../deployment/index.js';
import { OrganisationEntity } from '../organisation/index.js';
import { UserEntity } from '../user/index.js';

export const PATIENT_STATUSES = ['INVITED', 'ACTIVE', 'OFFBOARDED'] as const;
export type PatientStatus = (typeof PATIENT_STATUSES)[number];
/** How the patient came: an invitation's channel, or an invite link. */
export const PATIENT_CHANNELS = [...CHANNELS, 'LINK'] as const;
export type PatientChannel = (typeof PATIENT_CHANNELS)[number];
/** The patient list's "Patient type" filter. */
export const PATIENT_TYPES = ['ALL', 'ACTIVE', 'PENDING', 'OFFBOARDED'] as const;
export type PatientType = (typeof PATIENT_TYPES)[number];

/**
 * A patient of one deployment, from the moment they are invited. The account (user) is linked
 * when they accept. Offboarded patients stay, with the reason, for the record.
 */
export const PatientEntity = defineEntity({
  name: 'Patient',
  tableName: 'patient',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(OrganisationEntity).deleteRule('cascade'),
    deployment: () => p.manyToOne(DeploymentEntity).deleteRule('cascade'),
    user: () => p.manyToOne(UserEntity).nullable().deleteRule('set null'),
    status: p.enum(PATIENT_STATUSES).default('INVITED'),
    channel: p.enum(PATIENT_CHANNELS),
    firstName: p.string().length(100).nullable(),
    lastName: p.string().length(100).nullable(),
    email: p.string().length(254).nullable(),
    mobile: p.string().length(20).nullable(),
    invitedBy: () => p.manyToOne(UserEntity).nullable().deleteRule('set null'),
    invitedAt: p.datetime(),
    joinedAt: p.datetime().nullable(),
    offboardedAt: p.datetime().nullable(),
    offboardReason: p.string().length(60).nullable(),
    offboardNote: p.string().length(500).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  }),
  indexes: [
    {
      name: 'patient_list',
      expression:
        'create index "patient_list" on "patient" ("deployment_id", "status", "created_at" desc, "id" desc)',
    },
    {
      name: 'patient_deployment_created',
      expression:
        'create index "patient_deployment_created" on "patient" ("deployment_id", "created_at" desc, "id" desc)',
    },
  ],
  uniques: [
    {
      name: 'patient_email_per_deployment',
      expression:
        'create unique index "patient_email_per_deployment" on "patient" ("deployment_id", "email") where "email" is not null',
    },
    {
      name: 'patient_mobile_per_deployment',
      expression:
        'create unique index "patient_mobile_per_deployment" on "patient" ("deployment_id", "mobile") where "mobile" is not null',
    },
  ],
});
export type PatientEntity = InferEntity<typeof PatientEntity>;
