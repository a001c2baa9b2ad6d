import type { InviteLinkRow } from './invite-links-api';

const DAY = 86_400_000;

/** A tiny but real SVG, like the API's `qrSvg`. */
export const QR_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"><path d="M0 0h7v7H0z"/></svg>';
export const QR_PNG = 'data:image/png;base64,iVBORw0KGgo=';

/** An invite link as InviteLinkFields selects it; times are relative to now. */
export function inviteLink(
  id: string,
  overrides: Partial<InviteLinkRow> = {},
): InviteLinkRow & { __typename: 'InviteLink' } {
  const now = Date.now();
  return {
    __typename: 'InviteLink',
    id,
    label: null,
    url: `https://porter.example/join/token-${id}`,
    state: 'ACTIVE',
    expiresAt: new Date(now + 7 * DAY).toISOString(),
    expiryHours: 168,
    maxUses: null,
    useCount: 0,
    createdAt: new Date(now - DAY).toISOString(),
    createdBy: {
      __typename: 'InviteLinkCreator',
      id: 'u-ada',
      fullName: 'Ada Admin',
    } as InviteLinkRow['createdBy'],
    qrSvg: QR_SVG,
    qrPng: QR_PNG,
    joins: [],
    unfinishedCount: 0,
    ...overrides,
  };
}

/** One person who joined through a link. */
export function join(id: string, fullName: string, email: string | null, daysAgo = 1) {
  return {
    __typename: 'InviteLinkJoin' as const,
    id,
    fullName,
    email,
    joinedAt: new Date(Date.now() - daysAgo * DAY).toISOString(),
    patientId: `p-${id}`,
  };
}
