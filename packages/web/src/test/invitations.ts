import {
  InvitationsPageQuery,
  INVITATIONS_PAGE_SIZE,
} from '../features/invitations/InvitationsPage';
import type { DeliveryStatus, InvitationSort } from '../gql/graphql';
import { ORG, type DIABETES } from './fixtures';
import { pageInfo } from './mocks';
import type { TestRole } from './staff';

export interface InvitationOptions {
  deployment?: typeof DIABETES | null;
  status?: 'PENDING' | 'EXPIRED';
  lastSentAt?: string | null;
  expiresAt?: string;
  remindedAt?: string | null;
  deliveryStatus?: DeliveryStatus;
  deliveryError?: string | null;
  can?: boolean;
  /** `viewerCan.retryDelivery`; by default, whether the latest message FAILED (and `can`). */
  retry?: boolean;
}

const MINUTE = 60_000;

/** One edge of `staffInvitations`, as InvitationsPageQuery asks for it; times are relative to now. */
export function invitationEdge(
  id: string,
  email: string,
  role: TestRole,
  options: InvitationOptions = {},
) {
  const now = Date.now();
  const {
    deployment = null,
    status = 'PENDING',
    lastSentAt = new Date(now - 5 * MINUTE).toISOString(),
    expiresAt = new Date(
      now + (status === 'EXPIRED' ? -2 * 60 : 3 * 24 * 60 + 1) * MINUTE,
    ).toISOString(),
    remindedAt = null,
    deliveryStatus = 'SENT',
    deliveryError = null,
    can = true,
    retry = can && status === 'PENDING' && deliveryStatus === 'FAILED',
  } = options;
  return {
    __typename: 'StaffInvitationEdge' as const,
    cursor: `cursor-${id}`,
    node: {
      __typename: 'StaffInvitation' as const,
      id,
      email,
      role: { __typename: 'Role' as const, id: role.id, name: role.name },
      deployment: deployment
        ? { __typename: 'Deployment' as const, id: deployment.id, name: deployment.name }
        : null,
      status,
      invitedBy: { __typename: 'Inviter' as const, id: 'u-ava', fullName: 'Ava Access' },
      createdAt: new Date(now - 10 * MINUTE).toISOString(),
      lastSentAt,
      sentCount: lastSentAt ? 1 : 0,
      expiresAt,
      expiryHours: 72,
      remindedAt,
      deliveryStatus,
      deliveryError,
      viewerCan: {
        __typename: 'InvitationViewerCan' as const,
        resend: can,
        revoke: can,
        retryDelivery: retry,
      },
    },
  };
}

export type InvitationEdge = ReturnType<typeof invitationEdge>;

export interface InvitationVariables {
  deploymentId?: string | null;
  search?: string | null;
  status?: 'PENDING' | 'EXPIRED' | null;
  roleId?: string | null;
  sort?: InvitationSort;
  after?: string;
}

/** InvitationsPageQuery with the page's default filters, overridden by `variables`. */
export function invitationsMock(
  variables: InvitationVariables,
  edges: InvitationEdge[],
  next = false,
) {
  return {
    request: {
      query: InvitationsPageQuery,
      variables: {
        organisationId: ORG.id,
        deploymentId: null,
        search: null,
        status: null,
        roleId: null,
        sort: 'NEWEST',
        first: INVITATIONS_PAGE_SIZE,
        ...variables,
      },
    },
    result: {
      data: {
        staffInvitations: {
          __typename: 'StaffInvitationConnection' as const,
          edges,
          pageInfo: pageInfo(edges.at(-1)?.cursor ?? null, next),
        },
      },
    },
  };
}

/** A per-item result of resendInvitations / retryInvitationDeliveries / revokeInvitations. */
export function itemResult(
  invitationId: string,
  ok = true,
  code: string | null = null,
  message: string | null = null,
) {
  return { __typename: 'InvitationActionResult' as const, invitationId, ok, code, message };
}
