import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { Connection, PageArgs } from '../../common/pagination.js';
import { Inviter } from '../invitation/index.js';
import {
  IMPORT_ROW_OUTCOMES,
  IMPORT_STATUSES,
  type ImportRowOutcome,
  type ImportStatus,
} from './patient-import.entity.js';
import type { ImportAccess, ReportRow } from './patient-import.service.js';
import { asEnum } from '../../common/graphql-enums.js';

/** Where uploads go (POST) and where each import's report is (GET …/:id/report.csv); routes in patient-import.routes.ts. */
export const PATIENT_IMPORTS_PATH = '/api/patient-imports';
export const reportPath = (importId: string) => `${PATIENT_IMPORTS_PATH}/${importId}/report.csv`;

export const PatientImportStatusEnum = asEnum(IMPORT_STATUSES);
registerEnumType(PatientImportStatusEnum, {
  name: 'PatientImportStatus',
  description:
    'RECEIVING (upload in progress), QUEUED (waiting for a worker), RUNNING, DONE, FAILED (see `error`).',
});
export const ImportRowOutcomeEnum = asEnum(IMPORT_ROW_OUTCOMES);
registerEnumType(ImportRowOutcomeEnum, {
  name: 'ImportRowOutcome',
  description:
    'What happened to one row: INVITED; ALREADY_PENDING (an invitation is pending: resend it); ALREADY_MEMBER (already a patient here); INVALID (not an email address, or a name too long); DUPLICATE (the address appears earlier in the file); FORMULA (a cell looks like a spreadsheet formula: refused); MISSING_EMAIL.',
});

@ObjectType({ description: 'One data row of an import and what happened to it.' })
export class PatientImportRow {
  @Field(() => Int, { description: 'Row in the file, the header (when present) being row 1.' })
  row!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'The address as read (normalised when valid). Null without `patient:view-identifiers`.',
  })
  email!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'First name from the file. Null without `patient:view-identifiers`.',
  })
  firstName!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Last name from the file. Null without `patient:view-identifiers`.',
  })
  lastName!: string | null;

  @Field(() => ImportRowOutcomeEnum, { description: 'What happened.' })
  outcome!: ImportRowOutcome;

  @Field(() => String, { nullable: true, description: 'Why, for people.' })
  message!: string | null;
}

export const PatientImportRowConnection = Connection(PatientImportRow, 'PatientImportRow');

@ObjectType({ description: 'How many rows ended with one outcome.' })
export class ImportOutcomeCount {
  @Field(() => ImportRowOutcomeEnum, { description: 'The outcome.' })
  outcome!: ImportRowOutcome;

  @Field(() => Int, { description: 'Rows with it.' })
  count!: number;
}

@ObjectType({
  description:
    'A CSV file of patients being invited by email in the background, with its per-row report.',
})
export class PatientImport {
  @Field(() => ID, { description: 'Import id.' })
  id!: string;

  @Field(() => PatientImportStatusEnum, { description: 'Where it is.' })
  status!: ImportStatus;

  @Field(() => String, { nullable: true, description: 'Name of the uploaded file.' })
  fileName!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Data rows in the file (header excluded); known once the end was reached.',
  })
  totalRows!: number | null;

  @Field(() => Int, { description: 'Rows processed so far (invited + refused).' })
  processedRows!: number;

  @Field(() => Int, { description: 'Rows that led to a new invitation.' })
  invitedCount!: number;

  @Field(() => Int, { description: 'Rows that did not (every outcome but INVITED).' })
  refusedCount!: number;

  @Field(() => Int, { description: 'Size of the upload in bytes.' })
  byteSize!: number;

  @Field(() => Int, { description: 'Hours until the invitations expire.' })
  expiryHours!: number;

  @Field(() => Date, { description: 'When it was uploaded.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When a worker started on it.' })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it ended (DONE or FAILED).' })
  finishedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it FAILED.' })
  error!: string | null;

  @Field(() => Inviter, { nullable: true, description: 'Who uploaded it.' })
  createdBy!: Inviter | null;

  @Field(() => String, {
    description: 'Where to download the per-row report as CSV (same session; GET).',
  })
  reportUrl!: string;

  /** Whether the viewer may see emails and names in the rows (not in the schema). */
  identifiers!: boolean;
}

@ArgsType()
export class PatientImportRowsArgs extends PageArgs {
  @Field(() => [ImportRowOutcomeEnum], {
    nullable: true,
    description: 'Only rows with these outcomes.',
  })
  outcome?: ImportRowOutcome[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only rows that were not invited (shorthand for every outcome but INVITED).',
  })
  refusedOnly?: boolean | null;
}

@ArgsType()
export class PatientImportsArgs {
  @Field(() => ID, { description: 'The organisation.' })
  organisationId!: string;

  @Field(() => ID, { description: 'The deployment.' })
  deploymentId!: string;

  @Field(() => Int, { defaultValue: 10, description: 'How many, 1 to 50.' })
  @Min(1)
  @Max(50)
  first: number = 10;
}

export function toPatientImport({ entity, identifiers }: ImportAccess): PatientImport {
  const createdBy =
    entity.createdBy && 'fullName' in entity.createdBy && entity.createdBy.fullName !== undefined
      ? { id: entity.createdBy.id, fullName: entity.createdBy.fullName }
      : null;
  return {
    id: entity.id,
    status: entity.status,
    fileName: entity.fileName ?? null,
    totalRows: entity.totalRows ?? null,
    processedRows: entity.invitedCount + entity.refusedCount,
    invitedCount: entity.invitedCount,
    refusedCount: entity.refusedCount,
    byteSize: Number(entity.byteSize),
    expiryHours: entity.expiryHours,
    createdAt: entity.createdAt,
    startedAt: entity.startedAt ?? null,
    finishedAt: entity.finishedAt ?? null,
    error: entity.error ?? null,
    createdBy,
    reportUrl: reportPath(entity.id),
    identifiers,
  };
}

export const toImportRow = (r: ReportRow, identifiers: boolean): PatientImportRow => ({
  row: r.row_no,
  email: identifiers ? r.email : null,
  firstName: identifiers ? r.first_name : null,
  lastName: identifiers ? r.last_name : null,
  outcome: r.outcome,
  message: r.message,
});
