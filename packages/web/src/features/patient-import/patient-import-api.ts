import { graphql } from '../../gql';
import type { ImportRowOutcome } from '../../gql/graphql';

export const PatientImportFields = graphql(`
  fragment PatientImportFields on PatientImport {
    id
    status
    fileName
    totalRows
    processedRows
    invitedCount
    refusedCount
    createdAt
    finishedAt
    error
    reportUrl
    createdBy {
      id
      fullName
    }
  }
`);

/** Polled every second while an import runs. */
export const PatientImportProgressQuery = graphql(`
  query PatientImportProgressQuery($id: ID!) {
    patientImport(id: $id) {
      ...PatientImportFields
      outcomeCounts {
        outcome
        count
      }
    }
  }
`);

/** The rows that were not invited, a page at a time. */
export const PatientImportRefusedRowsQuery = graphql(`
  query PatientImportRefusedRowsQuery($id: ID!, $first: Int!, $after: String) {
    patientImport(id: $id) {
      id
      rows(refusedOnly: true, first: $first, after: $after) {
        nodes {
          row
          email
          outcome
          message
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export const RecentPatientImportsQuery = graphql(`
  query RecentPatientImportsQuery($organisationId: ID!, $deploymentId: ID!) {
    patientImports(organisationId: $organisationId, deploymentId: $deploymentId, first: 5) {
      ...PatientImportFields
    }
  }
`);

export const OUTCOME_LABELS: Record<ImportRowOutcome, string> = {
  INVITED: 'Invited',
  ALREADY_PENDING: 'Already invited',
  ALREADY_MEMBER: 'Already a patient',
  INVALID: 'Not a valid address',
  DUPLICATE: 'Repeated in the file',
  FORMULA: 'Looks like a formula',
  MISSING_EMAIL: 'No email address',
};

export interface UploadAnswer {
  importId?: string;
  code?: string;
  message?: string;
}

/**
 * Sends the file itself as the request body (the browser streams it from disk) with the session
 * cookie and the CSRF header the API asks for. Resolves to the import id; throws an UploadError
 * carrying the API's code otherwise.
 */
export async function uploadPatientCsv(
  file: File,
  params: { organisationId: string; deploymentId: string; expiryHours: number },
): Promise<string> {
  const query = new URLSearchParams({
    organisationId: params.organisationId,
    deploymentId: params.deploymentId,
    expiryHours: String(params.expiryHours),
    fileName: file.name,
  });
  let response: Response;
  try {
    response = await fetch(`/api/patient-imports?${query.toString()}`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'text/csv', 'x-porter-csrf': '1' },
      body: file,
    });
  } catch {
    throw new UploadError('NETWORK', null);
  }
  const answer = (await response.json().catch(() => ({}))) as UploadAnswer;
  if (response.status !== 202 || !answer.importId)
    throw new UploadError(answer.code ?? 'INTERNAL_SERVER_ERROR', answer.message ?? null);
  return answer.importId;
}

export class UploadError extends Error {
  constructor(
    readonly code: string,
    readonly serverMessage: string | null,
  ) {
    super(code);
    this.name = 'UploadError';
  }
}
