import type { EntityManager, EntityName, LockMode } from '@mikro-orm/postgresql';
import { isUuid } from './ids.js';
import { access, refusalError, type AccessScope, type Refusal, type Viewer } from './access.js';
import { NotFoundError } from './errors.js';
import { scopeOf } from './places.js';

/**
 * A record that sits in an organisation (populated, for its archived flag) and maybe one of its
 * deployments. Without an organisation (a platform role) it is reachable only through `scope`.
 */
export interface PlacedRecord {
  id: string;
  organisation?: { id: string; archivedAt?: Date | null } | null;
  deployment?: { id: string } | null;
}

export type RecordScope = AccessScope & { type: 'ORGANISATION' | 'DEPLOYMENT' };

export interface RecordSpec<T extends PlacedRecord> {
  /** Names the record in NOT_FOUND: "<what> not found." */
  what: string;
  /** Narrows which rows count (e.g. an invitation kind, a live assignment). */
  where?: Record<string, unknown>;
  populate?: readonly string[];
  lockMode?: LockMode;
  /** The record's scope, or null when it is not reachable this way at all (NOT_FOUND). */
  scope?: (record: T) => RecordScope | null;
  /**
   * What an archived organisation answers: "Organisation not found." (as entering it by id does),
   * or, for bulk actions that report per item, the record's own NOT_FOUND.
   */
  archivedAs?: 'organisation' | 'record';
  /** The policy once the record is reached: FORBIDDEN, CONFLICT… or null to go on. */
  check?: (record: T, scope: RecordScope) => Refusal | null;
}

export type Reached<T> = { record: T; scope: RecordScope };

/**
 * Reads records by id for a viewer, the one sequence every record action goes through (as
 * Immich's requireAccess): load (unknown or malformed ids are NOT_FOUND) → enter its scope
 * (foreign records are NOT_FOUND, so ids reveal nothing) → archived organisation, NOT_FOUND for
 * all but platform staff → the policy. One query for all ids; each id answers on its own.
 */
export async function reachRecords<T extends PlacedRecord>(
  em: EntityManager,
  viewer: Viewer,
  entity: EntityName<T>,
  ids: readonly string[],
  spec: RecordSpec<T>,
): Promise<Map<string, Reached<T> | Refusal>> {
  const valid = [...new Set(ids)].filter(isUuid);
  const rows = valid.length
    ? // The filter and relations are the caller's; MikroORM cannot check a generic entity's paths.
      ((await em.find(
        entity,
        { ...spec.where, id: { $in: valid } } as never,
        {
          populate: ['organisation', ...(spec.populate ?? [])],
          ...(spec.lockMode ? { lockMode: spec.lockMode } : {}),
        } as never,
      )) as T[])
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const result = new Map<string, Reached<T> | Refusal>();
  for (const id of new Set(ids)) {
    const record = byId.get(id);
    const scope = !record
      ? null
      : spec.scope
        ? spec.scope(record)
        : record.organisation
          ? scopeOf({ ...record, organisation: record.organisation })
          : null;
    if (!record || !scope || !enters(viewer, scope)) {
      result.set(id, notFound(spec.what, id));
    } else if (record.organisation?.archivedAt && !access.isPlatformStaff(viewer)) {
      result.set(
        id,
        spec.archivedAs === 'record'
          ? notFound(spec.what, id)
          : notFound('Organisation', scope.organisationId),
      );
    } else {
      result.set(id, spec.check?.(record, scope) ?? { record, scope });
    }
  }
  return result;
}

/** reachRecords for one id: the record and its scope, or the refusal thrown. */
export async function reachRecord<T extends PlacedRecord>(
  em: EntityManager,
  viewer: Viewer,
  entity: EntityName<T>,
  id: string,
  spec: RecordSpec<T>,
): Promise<Reached<T>> {
  const outcome = (await reachRecords(em, viewer, entity, [id], spec)).get(id)!;
  if (isRefusal(outcome)) throw refusalError(outcome);
  return outcome;
}

export function isRefusal<T>(outcome: Reached<T> | Refusal): outcome is Refusal {
  return 'code' in outcome;
}

function enters(viewer: Viewer, scope: RecordScope): boolean {
  return scope.type === 'DEPLOYMENT'
    ? access.canEnterDeployment(viewer, scope.organisationId, scope.deploymentId)
    : access.canEnterOrganisation(viewer, scope.organisationId);
}

function notFound(what: string, id: string): Refusal {
  const error = new NotFoundError(what, id);
  return { code: 'NOT_FOUND', message: error.message, details: { id } };
}
