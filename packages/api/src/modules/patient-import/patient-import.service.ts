import type { EntityManager } from '@mikro-orm/postgresql';
import { access, type AccessScope, type Viewer } from '../../common/access.js';
import type { Clock } from '../../common/clock.js';
import { AppError, BadInputError, NotFoundError } from '../../common/errors.js';
import { expiryHoursFor } from '../invitation/index.js';
import { audit } from '../audit/index.js';
import { isUuid } from '../../common/ids.js';
import { resolveDeploymentScope } from '../organisation/index.js';
import { PatientImportEntity, type ImportRowOutcome } from './patient-import.entity.js';

/** Stored pieces of an upload. */
export const IMPORT_CHUNK_BYTES = 256 * 1024;
/** Largest accepted file: about 100,000 rows with names. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

export const REFUSED_OUTCOMES: ImportRowOutcome[] = [
  'ALREADY_PENDING',
  'ALREADY_MEMBER',
  'INVALID',
  'DUPLICATE',
  'FORMULA',
  'MISSING_EMAIL',
];

export interface ImportAccess {
  entity: PatientImportEntity;
  scope: AccessScope & { type: 'DEPLOYMENT' };
  /** Emails and names in the report need `patient:view-identifiers`. */
  identifiers: boolean;
}

export interface StartImportInput {
  organisationId: string;
  deploymentId: string;
  expiryHours: number;
  fileName: string | null;
}

export interface ReportRow {
  row_no: number;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  outcome: ImportRowOutcome;
  message: string | null;
}

/**
 * Background CSV imports of patients: where they may start (patient:manage at the deployment),
 * the stored upload, and reading an import and its per-row report. Processing lives in
 * patient-import.processor.ts.
 */
export class PatientImportService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  private async deploymentScope(viewer: Viewer, organisationId: string, deploymentId: string) {
    const scope = await resolveDeploymentScope(this.em, viewer, organisationId, deploymentId);
    access.require(viewer, 'patient:manage', scope);
    return scope;
  }

  /**
   * Opens an import (status RECEIVING) for an upload to stream into. Needs `patient:manage`.
   * Errors: NOT_FOUND (not a deployment the viewer may enter), FORBIDDEN, BAD_USER_INPUT (expiry).
   */
  async open(
    viewer: Viewer,
    input: StartImportInput,
    ip: string | null,
  ): Promise<PatientImportEntity> {
    const scope = await this.deploymentScope(viewer, input.organisationId, input.deploymentId);
    expiryHoursFor('PATIENT', input.expiryHours);
    const entity = this.em.create(PatientImportEntity, {
      organisation: scope.organisationId,
      deployment: scope.deploymentId,
      createdBy: viewer.userId,
      status: 'RECEIVING',
      fileName: input.fileName?.trim().slice(0, 255) || null,
      expiryHours: input.expiryHours,
      createdAt: this.clock.now(),
    });
    audit(this.em, this.clock, {
      action: 'patient-import.created',
      actor: { id: viewer.userId, email: viewer.email },
      organisationId: scope.organisationId,
      deploymentId: scope.deploymentId,
      target: { type: 'PatientImport', id: entity.id, label: entity.fileName },
      after: { expiryHours: input.expiryHours },
      ip,
    });
    await this.em.flush();
    return entity;
  }

  /** One import, if the viewer holds `patient:manage` at its deployment; NOT_FOUND elsewhere. */
  async load(viewer: Viewer, id: string): Promise<ImportAccess> {
    const entity = isUuid(id)
      ? await this.em.findOne(PatientImportEntity, { id }, { populate: ['createdBy'] })
      : null;
    if (!entity || !access.canEnterDeployment(viewer, entity.organisation.id, entity.deployment.id))
      throw new NotFoundError('Import', id);
    const scope = await this.deploymentScope(viewer, entity.organisation.id, entity.deployment.id);
    return { entity, scope, identifiers: access.can(viewer, 'patient:view-identifiers', scope) };
  }

  /** The latest imports of a deployment, newest first. Needs `patient:manage`. */
  async list(
    viewer: Viewer,
    organisationId: string,
    deploymentId: string,
    first: number,
  ): Promise<ImportAccess[]> {
    if (first < 1 || first > 50)
      throw new BadInputError('Ask for 1 to 50 imports.', { field: 'first' });
    const scope = await this.deploymentScope(viewer, organisationId, deploymentId);
    const identifiers = access.can(viewer, 'patient:view-identifiers', scope);
    const rows = await this.em.find(
      PatientImportEntity,
      { deployment: scope.deploymentId },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: first, populate: ['createdBy'] },
    );
    return rows.map((entity) => ({ entity, scope, identifiers }));
  }

  /** A keyset page of report rows in file order, optionally only some outcomes. */
  /** Report rows after file row `from` (0: from the start), in file order. */
  async rows(
    importId: string,
    outcomes: readonly ImportRowOutcome[] | null,
    first: number,
    from: number,
  ): Promise<ReportRow[]> {
    return this.em.getConnection().execute<ReportRow[]>(
      `select row_no, email, first_name, last_name, outcome, message from patient_import_row
        where import_id = ? and row_no > ? ${outcomes ? 'and outcome in (select jsonb_array_elements_text(?::jsonb))' : ''}
        order by row_no limit ?`,
      outcomes ? [importId, from, JSON.stringify(outcomes), first] : [importId, from, first],
    );
  }
}

/** HTTP status for an error code answered by the import routes. */
export function httpStatusOf(error: unknown): { status: number; code: string; message: string } {
  if (error instanceof AppError) {
    const status =
      {
        UNAUTHENTICATED: 401,
        FORBIDDEN: 403,
        NOT_FOUND: 404,
        BAD_USER_INPUT: 400,
        IMPORT_TOO_LARGE: 413,
      }[error.code as string] ?? 400;
    return { status, code: error.code, message: error.message };
  }
  return {
    status: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: 'Something went wrong on our side.',
  };
}
