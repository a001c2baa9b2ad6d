import { graphql } from '../../gql';

/** What the helpers dialog shows of one helper. */
export const PatientHelperFields = graphql(`
  fragment PatientHelperFields on PatientHelper {
    id
    patientId
    email
    fullName
    relationship
    status
    invitedAt
    joinedAt
    removedAt
  }
`);

export const DeletePatientInvitationsMutation = graphql(`
  mutation DeletePatientInvitationsMutation($invitationIds: [ID!]!) {
    deletePatientInvitations(invitationIds: $invitationIds) {
      invitationId
      ok
      code
      message
    }
  }
`);

export const InvitePatientHelperMutation = graphql(`
  mutation InvitePatientHelperMutation($input: InvitePatientHelperInput!) {
    invitePatientHelper(input: $input) {
      ...PatientHelperFields
    }
  }
`);

export const RemovePatientHelperMutation = graphql(`
  mutation RemovePatientHelperMutation($helperId: ID!) {
    removePatientHelper(helperId: $helperId) {
      ...PatientHelperFields
    }
  }
`);
