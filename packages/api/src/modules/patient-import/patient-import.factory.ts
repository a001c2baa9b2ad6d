import type { EntityManager } from '@mikro-orm/postgresql';
import { PatientImportEntity, type ImportStatus } from './patient-import.entity.js';

/** A stored import of a deployment (tests): no file, already at the given status. */
export async function makePatientImport(
  em: EntityManager,
  scope: { organisationId: string; deploymentId: string },
  status: ImportStatus = 'DONE',
) {
  const entity = em.create(PatientImportEntity, {
    organisation: scope.organisationId,
    deployment: scope.deploymentId,
    status,
    fileName: 'factory.csv',
    expiryHours: 168,
    totalRows: status === 'DONE' ? 0 : null,
  });
  await em.flush();
  return entity;
}
