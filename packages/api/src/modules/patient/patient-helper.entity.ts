import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { DeploymentEntity } from '../deployment/index.js';
import { InvitationEntity } from '../invitation/index.js';
import { OrganisationEntity } from '../organisation/index.js';
import { UserEntity } from '../user/index.js';
import { PatientEntity } from './patient.entity.js';

export const HELPER_STATUSES = ['INVITED', 'ACTIVE', 'REMOVED'] as const;
export type HelperStatus = (typeof HELPER_STATUSES)[number];

/**
 * A helper (proxy) acting for one patient: a relative or carer invited by email. They accept
 * like a patient and are linked to that patient; staff can remove them.
 */
export const PatientHelperEntity = defineEntity({
  name: 'PatientHelper',
  tableName: 'patient_helper',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    patient: () => p.manyToOne(PatientEntity).deleteRule('cascade'),
    organisation: () => p.manyToOne(OrganisationEntity).deleteRule('cascade'),
    deployment: () => p.manyToOne(DeploymentEntity).deleteRule('cascade'),
    email: p.string().length(254),
    fullName: p.string().length(200).nullable(),
    relationship: p.string().length(60).nullable(),
    invitation: () => p.manyToOne(InvitationEntity).nullable().deleteRule('set null'),
    user: () => p.manyToOne(UserEntity).nullable().deleteRule('set null'),
    status: p.enum(HELPER_STATUSES).default('INVITED'),
    invitedBy: () => p.manyToOne(UserEntity).nullable().deleteRule('set null'),
    createdAt: p.datetime().onCreate(() => new Date()),
    joinedAt: p.datetime().nullable(),
    removedAt: p.datetime().nullable(),
    removedBy: () => p.manyToOne(UserEntity).nullable().deleteRule('set null'),
  }),
  indexes: [
    {
      name: 'patient_helper_patient',
      expression:
        'create index "patient_helper_patient" on "patient_helper" ("patient_id", "created_at")',
    },
  ],
  uniques: [
    {
      name: 'patient_helper_one_live_per_email',
      expression:
        'create unique index "patient_helper_one_live_per_email" on "patient_helper" ("patient_id", "email") where "status" <> \'REMOVED\'',
    },
  ],
});
export type PatientHelperEntity = InferEntity<typeof PatientHelperEntity>;
