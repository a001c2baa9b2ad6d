import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DIABETES, HEART, ORG, viewers } from '../../test/fixtures';
import { scopeMock, viewerMock } from '../../test/mocks';
import { renderRoutes } from '../../test/render';
import { roleFilterMock, staffMock } from '../../test/staff';
import { inviteLink } from './invite-links.fixtures';
import {
  CreateStaffInviteLinkMutation,
  RevokeStaffInviteLinkMutation,
  StaffInviteLinksQuery,
} from './staff-invite-links-api';

type User = ReturnType<typeof userEvent.setup>;

const ROLE_OPTIONS = [
  { __typename: 'Role' as const, id: 'r-orgstaff', name: 'Organisation Staff' },
  { __typename: 'Role' as const, id: 'r-coordinator', name: 'Care coordinator' },
];

/** A staff link as StaffInviteLinkFields selects it. */
function staffLink(id: string, overrides: Record<string, unknown> = {}) {
  const {
    label,
    url,
    state,
    expiresAt,
    expiryHours,
    maxUses,
    useCount,
    createdAt,
    createdBy,
    qrSvg,
    qrPng,
    unfinishedCount,
  } = inviteLink(id);
  return {
    __typename: 'InviteLink' as const,
    id,
    kind: 'STAFF' as const,
    role: { __typename: 'InviteLinkRole' as const, id: 'r-orgstaff', name: 'Organisation Staff' },
    deploymentName: null,
    ...{
      label,
      url,
      state,
      expiresAt,
      expiryHours,
      maxUses,
      useCount,
      createdAt,
      createdBy,
      qrSvg,
      qrPng,
      unfinishedCount,
    },
    joins: [] as unknown[],
    ...overrides,
  };
}

const joined = staffLink('l-old', {
  useCount: 1,
  maxUses: 5,
  joins: [
    {
      __typename: 'InviteLinkJoin' as const,
      id: 'c1',
      fullName: 'Olly Office',
      email: 'olly@example.org',
      joinedAt: new Date().toISOString(),
      patientId: null,
      userId: 'u-olly',
    },
  ],
});

function linksMock(links: unknown[]) {
  return {
    request: {
      query: StaffInviteLinksQuery,
      variables: { organisationId: ORG.id, deploymentId: null },
    },
    result: { data: { staffInviteLinks: links, staffInviteLinkRoles: ROLE_OPTIONS } },
  };
}

async function openDialog(user: User, mocks: unknown[], viewer = viewers.accessController) {
  renderRoutes({
    path: `/o/${ORG.id}/staff`,
    mocks: [
      viewerMock(viewer),
      scopeMock([DIABETES, HEART]),
      roleFilterMock(),
      staffMock({}, []),
      ...(mocks as never[]),
    ],
  });
  await user.click(await screen.findByRole('button', { name: 'Copy invite link' }));
  return screen.findByRole('dialog', { name: 'Copy invite link' });
}

describe('StaffInviteLinkModal', () => {
  it('creates a link for the chosen role with expiry and maximum uses, then shows it with its QR code', async () => {
    const user = userEvent.setup();
    const created = staffLink('l-new', {
      maxUses: 3,
      expiryHours: 168,
      role: { __typename: 'InviteLinkRole', id: 'r-coordinator', name: 'Care coordinator' },
    });
    const answer = vi.fn(() => ({ data: { createStaffInviteLink: created } }));
    const dialog = await openDialog(user, [
      linksMock([joined]),
      {
        request: {
          query: CreateStaffInviteLinkMutation,
          variables: {
            input: {
              organisationId: ORG.id,
              deploymentId: null,
              roleId: 'r-coordinator',
              expiryHours: 168,
              maxUses: 3,
            },
          },
        },
        result: answer,
      },
      linksMock([created, joined]),
    ]);

    // The scope's links, with who joined.
    const table = await within(dialog).findByRole('table', {
      name: `Staff invite links for ${ORG.name}`,
    });
    expect(within(table).getByText('Olly Office')).toBeTruthy();
    expect(within(table).getByText('1 of 5 uses')).toBeTruthy();

    await user.click(within(dialog).getByRole('combobox', { name: 'Role' }));
    await user.click(await screen.findByRole('option', { name: 'Care coordinator' }));
    await user.click(within(dialog).getByRole('radio', { name: '7 days' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Maximum uses' }), '3');
    await user.click(within(dialog).getByRole('button', { name: 'Create link' }));

    const field = await within(dialog).findByRole<HTMLInputElement>('textbox', {
      name: 'Invite link',
    });
    expect(field.value).toBe(created.url);
    expect(answer).toHaveBeenCalledTimes(1);
    expect(within(dialog).getByRole('img', { name: 'QR code for the invite link' })).toBeTruthy();
    expect(dialog.textContent).toContain('as Care coordinator');
    await waitFor(() => expect(within(dialog).getAllByRole('row')).toHaveLength(3));
  });

  it('revokes a link after confirmation', async () => {
    const user = userEvent.setup();
    const revoke = vi.fn(() => ({ data: { revokeInviteLink: { ...joined, state: 'REVOKED' } } }));
    const dialog = await openDialog(user, [
      linksMock([joined]),
      {
        request: { query: RevokeStaffInviteLinkMutation, variables: { id: 'l-old' } },
        result: revoke,
      },
    ]);
    await user.click(
      await within(dialog).findByRole('button', { name: /^Revoke the Organisation Staff link/ }),
    );
    const confirm = await screen.findByRole('dialog', {
      name: /^Revoke the Organisation Staff link/,
    });
    await user.click(within(confirm).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(revoke).toHaveBeenCalledTimes(1));
    expect(await within(dialog).findByText('Revoked')).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: /^Copy the / })).toBeNull();
  });

  it('is not offered without staff:manage', async () => {
    renderRoutes({
      path: `/o/${ORG.id}/d/${DIABETES.id}/staff`,
      mocks: [
        viewerMock(viewers.deploymentStaff),
        scopeMock([DIABETES, HEART]),
        roleFilterMock(),
        staffMock({ deploymentId: DIABETES.id }, []),
      ],
    });
    expect(await screen.findByRole('heading', { name: 'Staff' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Copy invite link' })).toBeNull();
  });
});
