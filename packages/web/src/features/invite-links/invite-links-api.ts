import { MAX_LINK_USES } from '@porter/shared';
import { graphql } from '../../gql';
import type { InviteLinkFieldsFragment, InviteLinkState } from '../../gql/graphql';

export const InviteLinkFields = graphql(`
  fragment InviteLinkFields on InviteLink {
    id
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
      patientId
    }
    unfinishedCount
  }
`);

export const InviteLinksPageQuery = graphql(`
  query InviteLinksPageQuery($organisationId: ID!, $deploymentId: ID!) {
    patientInviteLinks(organisationId: $organisationId, deploymentId: $deploymentId) {
      ...InviteLinkFields
    }
  }
`);

export const CreatePatientInviteLinkMutation = graphql(`
  mutation CreatePatientInviteLinkMutation($input: CreatePatientInviteLinkInput!) {
    createPatientInviteLink(input: $input) {
      ...InviteLinkFields
    }
  }
`);

export const RevokeInviteLinkMutation = graphql(`
  mutation RevokeInviteLinkMutation($id: ID!) {
    revokeInviteLink(id: $id) {
      ...InviteLinkFields
    }
  }
`);

export const RotateInviteLinkMutation = graphql(`
  mutation RotateInviteLinkMutation($id: ID!) {
    rotateInviteLink(id: $id) {
      ...InviteLinkFields
    }
  }
`);

export type InviteLinkRow = InviteLinkFieldsFragment;

/** Where a deployment's invite links are managed. */
export const inviteLinksPath = (organisationId: string, deploymentId: string) =>
  `/o/${organisationId}/d/${deploymentId}/invite-links`;

/** The SVG markup as an image URL (for <img> and for download). */
export const svgDataUrl = (svg: string) =>
  `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

/** "3 of 10 uses", "1 use", "3 uses". */
export function usesLabel(link: Pick<InviteLinkRow, 'useCount' | 'maxUses'>): string {
  if (link.maxUses != null) return `${link.useCount} of ${link.maxUses} uses`;
  return link.useCount === 1 ? '1 use' : `${link.useCount} uses`;
}

/** How each link state reads, with its badge colour. */
export const LINK_STATE: Record<InviteLinkState, { label: string; color: string }> = {
  ACTIVE: { label: 'Active', color: 'green' },
  EXPIRED: { label: 'Expired', color: 'gray' },
  REVOKED: { label: 'Revoked', color: 'red' },
  FULL: { label: 'Full', color: 'yellow' },
};

/** Upper bound of "Maximum uses", as the API's. */
export { MAX_LINK_USES };

/** Why a "Maximum uses" value cannot be sent, or null; empty means no limit. */
export function maxUsesError(value: number | ''): string | null {
  return value !== '' && (!Number.isInteger(value) || value < 1 || value > MAX_LINK_USES)
    ? `Between 1 and ${MAX_LINK_USES.toLocaleString('en-GB')}.`
    : null;
}

/** ", up to 3 people" for a link with a maximum, "" without. */
export const upToPeople = (maxUses: number | null | undefined) =>
  maxUses != null ? `, up to ${maxUses === 1 ? '1 person' : `${maxUses} people`}` : '';
