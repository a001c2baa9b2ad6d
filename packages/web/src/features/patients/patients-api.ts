import type { ApolloCache } from '@apollo/client';
import { graphql } from '../../gql';
import type { PatientsPageQueryQuery, PatientType } from '../../gql/graphql';

export const PatientsPageQuery = graphql(`
  query PatientsPageQuery(
    $organisationId: ID!
    $deploymentId: ID!
    $type: PatientType!
    $search: String
    $first: Int!
    $after: String
  ) {
    patients(
      organisationId: $organisationId
      deploymentId: $deploymentId
      type: $type
      search: $search
      first: $first
      after: $after
    ) {
      edges {
        cursor
        node {
          id
          status
          channel
          displayName
          firstName
          lastName
          email
          mobile
          invitedAt
          joinedAt
          offboardedAt
          offboardReason
          offboardNote
          invitation {
            id
            channel
            address
            createdAt
            sentAt
            reminderDue
            invitedBy {
              id
              fullName
            }
            lastSentAt
            sentCount
            expiresAt
            expired
            remindedAt
            deliveryStatus
            deliveryError
          }
          helpers {
            ...PatientHelperFields
          }
          viewerCan {
            offboard
            reactivate
            manageInvitation
            retryDelivery
            manageHelpers
          }
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

/** What offboarding and reactivating change on a patient row. */
export const PatientMonitoringFields = graphql(`
  fragment PatientMonitoringFields on Patient {
    id
    status
    offboardedAt
    offboardReason
    offboardNote
    viewerCan {
      offboard
      reactivate
      manageInvitation
    }
  }
`);

export const OffboardPatientMutation = graphql(`
  mutation OffboardPatientMutation($patientId: ID!, $reason: String!, $note: String) {
    offboardPatient(patientId: $patientId, reason: $reason, note: $note) {
      ...PatientMonitoringFields
    }
  }
`);

export const ReactivatePatientMutation = graphql(`
  mutation ReactivatePatientMutation($patientId: ID!) {
    reactivatePatient(patientId: $patientId) {
      ...PatientMonitoringFields
    }
  }
`);

export const InvitePatientsMutation = graphql(`
  mutation InvitePatientsMutation($input: InvitePatientsInput!) {
    invitePatientsByEmail(input: $input) {
      batchId
      invitedCount
      results {
        ...InviteResultFields
      }
    }
  }
`);

export type PatientRow = PatientsPageQueryQuery['patients']['edges'][number]['node'];

export const PATIENTS_PAGE_SIZE = 50;

export const PATIENT_TYPES: { value: PatientType; label: string }[] = [
  { value: 'ALL', label: 'All patients' },
  { value: 'ACTIVE', label: 'Active' },
  { value: 'PENDING', label: 'Pending invitations' },
  { value: 'OFFBOARDED', label: 'Offboarded' },
];

export function isPatientType(value: string | null): value is PatientType {
  return PATIENT_TYPES.some((t) => t.value === value);
}

/**
 * Drops every cached patient list: the list on screen fetches again at once (a patient who
 * changed status leaves a filtered list), the others when next opened.
 */
export function forgetPatientLists(cache: ApolloCache): void {
  cache.evict({ id: 'ROOT_QUERY', fieldName: 'patients' });
  cache.gc();
}
