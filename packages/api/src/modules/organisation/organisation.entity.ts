import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const ORGANISATION_KINDS = ['REMOTE_PATIENT_MONITORING', 'CLINICAL_TRIAL'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export interface LegalLinks {
  privacyPolicyUrl?: string;
  termsOfUseUrl?: string;
  contactUrl?: string;
}

/** A hospital, trial sponsor or other care organisation: the tenant boundary. */
export const OrganisationEntity = defineEntity({
  name: 'Organisation',
  tableName: 'organisation',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    name: p.string().length(200),
    kind: p.enum(ORGANISATION_KINDS),
    enrolmentTarget: p.integer().nullable(),
    completionTarget: p.integer().nullable(),
    legalLinks: p.json<LegalLinks>().onCreate(() => ({})),
    archivedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  }),
});
export type OrganisationEntity = InferEntity<typeof OrganisationEntity>;
