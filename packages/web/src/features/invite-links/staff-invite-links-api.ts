import { graphql } from '../../gql';
import type { StaffInviteLinkFieldsFragment } from '../../gql/graphql';

export const StaffInviteLinkFields = graphql(`
  fragment StaffInviteLinkFields on InviteLink {
    id
    kind
    role {
      id
      name
    }
    deploymentName
    label
    url
    state
    expiresAt
    expiryHours
    maxUses
    useCount
    createdAt
    createdBy {
      id
      fullName
    }
    qrSvg
    qrPng
    joins {
      id
      fullName
      email
      joinedAt
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
