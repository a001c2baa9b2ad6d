import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { DeploymentEntity } from '../deployment/index.js';
import { OrganisationEntity } from '../organisation/index.js';
import { UserEntity } from '../user/index.js';

export const IMPORT_STATUSES = ['RECEIVING', 'QUEUED', 'RUNNING', 'DONE', 'FAILED'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const IMPORT_ROW_OUTCOMES = [
  'INVITED',
  'ALREADY_PENDING',
  'ALREADY_MEMBER',
  'INVALID',
  'DUPLICATE',
  'FORMULA',
  'MISSING_EMAIL',
] as const;
export type ImportRowOutcome = (typeof IMPORT_ROW_OUTCOMES)[number];

/**
 * A CSV of patients to invite by email, processed in the background. The upload is stored in
 * chunks as it streams in; a worker parses it chunk by chunk, commits 1,000 rows at a time and
 * records `nextRow` in the same transaction, so a crash resumes where it stopped and a second
 * worker cannot process the same rows (it must hold the lease).
 */
export const PatientImportEntity = defineEntity({
  name: 'PatientImport',
  tableName: 'patient_import',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(OrganisationEntity).deleteRule('cascade'),
    deployment: () => p.manyToOne(DeploymentEntity).deleteRule('cascade'),
    createdBy: () => p.manyToOne(UserEntity).nullable().deleteRule('set null'),
    status: p.enum(IMPORT_STATUSES).default('RECEIVING'),
    fileName: p.string().length(255).nullable(),
    expiryHours: p.integer(),
    byteSize: p.bigint('number').default(0),
    chunkCount: p.integer().default(0),
    /** Data rows in the file (header excluded), known once parsing reached the end. */
    totalRows: p.integer().nullable(),
    /** Rows committed so far; processing resumes after them. */
    nextRow: p.integer().default(0),
    invitedCount: p.integer().default(0),
    refusedCount: p.integer().default(0),
    leaseUntil: p.datetime().nullable(),
    error: p.string().length(500).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  }),
  indexes: [
    {
      name: 'patient_import_deployment',
      expression:
        'create index "patient_import_deployment" on "patient_import" ("deployment_id", "created_at" desc)',
    },
  ],
});
export type PatientImportEntity = InferEntity<typeof PatientImportEntity>;

/** A piece of the uploaded file, in upload order. */
export const PatientImportChunkEntity = defineEntity({
  name: 'PatientImportChunk',
  tableName: 'patient_import_chunk',
  properties: (p) => ({
    import: () => p.manyToOne(PatientImportEntity).primary().deleteRule('cascade'),
    seq: p.integer().primary(),
    data: p.blob(),
  }),
});
export type PatientImportChunkEntity = InferEntity<typeof PatientImportChunkEntity>;

/** The outcome of one data row: the per-row report (downloadable as CSV). */
export const PatientImportRowEntity = defineEntity({
  name: 'PatientImportRow',
  tableName: 'patient_import_row',
  properties: (p) => ({
    import: () => p.manyToOne(PatientImportEntity).primary().deleteRule('cascade'),
    /** 1-based line of the data row in the file (the header is line 1 when present). */
    rowNo: p.integer().primary(),
    email: p.string().length(320).nullable(),
    firstName: p.string().length(100).nullable(),
    lastName: p.string().length(100).nullable(),
    outcome: p.enum(IMPORT_ROW_OUTCOMES),
    message: p.string().length(300).nullable(),
    invitationId: p.uuid().nullable(),
  }),
});
export type PatientImportRowEntity = InferEntity<typeof PatientImportRowEntity>;
