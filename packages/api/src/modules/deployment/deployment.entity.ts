import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { OrganisationEntity } from '../organisation/index.js';

export const DEPLOYMENT_STATUSES = ['DRAFT', 'ACTIVE', 'ARCHIVED'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** Settings that later features read; unknown keys are kept. */
export interface DeploymentSettings {
  proxiesEnabled?: boolean;
  offboardingEnabled?: boolean;
  smsDefaultCountry?: string;
  remindersEnabled?: boolean;
}

/** A programme or cohort inside one organisation, e.g. "Diabetes remote monitoring". */
export const DeploymentEntity = defineEntity({
  name: 'Deployment',
  tableName: 'deployment',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(OrganisationEntity).deleteRule('cascade').index(),
    name: p.string().length(200),
    status: p.enum(DEPLOYMENT_STATUSES).default('ACTIVE'),
    settings: p.json<DeploymentSettings>().onCreate(() => ({})),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  }),
});
export type DeploymentEntity = InferEntity<typeof DeploymentEntity>;
