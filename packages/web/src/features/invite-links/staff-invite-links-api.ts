import { graphql } from '../../gql';
import type { StaffInviteLinkFieldsFragment } from '../../gql/graphql';

/** A staff link: everything a patient link shows (InviteLinkFields), plus its role and place. */
export const StaffInviteLinkFields = graphql(`
  fragment StaffInviteLinkFields on InviteLink {
    ...InviteLinkFields
    kind
    role {
      id
      name
    }
    deploymentName
    joins {
      id
      userId
    }
  }
`);

export const StaffInviteLinksQuery = graphql(`
  query StaffInviteLinksQuery($organisationId: ID!, $deploymentId: ID) {
    staffInviteLinks(organisationId: $organisationId, deploymentId: $deploymentId) {
      ...StaffInviteLinkFields
    }
    staffInviteLinkRoles(organisationId: $organisationId, deploymentId: $deploymentId) {
      id
      name
    }
  }
`);

export const CreateStaffInviteLinkMutation = graphql(`
  mutation CreateStaffInviteLinkMutation($input: CreateStaffInviteLinkInput!) {
    createStaffInviteLink(input: $input) {
      ...StaffInviteLinkFields
    }
  }
`);

export const RevokeStaffInviteLinkMutation = graphql(`
  mutation RevokeStaffInviteLinkMutation($id: ID!) {
    revokeInviteLink(id: $id) {
      ...StaffInviteLinkFields
    }
  }
`);

export type StaffInviteLinkRow = StaffInviteLinkFieldsFragment;
