import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DIABETES, HEART, ORG, viewers } from '../../test/fixtures';
import {
  invitationEdge,
  invitationsMock,
  itemResult,
  type InvitationEdge,
} from '../../test/invitations';
import { scopeMock, viewerMock } from '../../test/mocks';
import { renderRoutes } from '../../test/render';
import { roleFilterMock, ROLES } from '../../test/staff';
import {
  ResendInvitationsMutation,
  RetryInvitationDeliveriesMutation,
  RevokeInvitationsMutation,
} from './invitation-actions';

type User = ReturnType<typeof userEvent.setup>;

const nora = invitationEdge('i-nora', 'nora@riverside.example', ROLES.deploymentStaff, {
  deployment: DIABETES,
});
const tom = invitationEdge('i-tom', 'tom@riverside.example', ROLES.orgStaff);
const eve = invitationEdge('i-eve', 'eve@riverside.example', ROLES.coordinator, {
  status: 'EXPIRED',
  deliveryStatus: 'DELIVERED',
});
const fay = invitationEdge('i-fay', 'fay@riverside.example', ROLES.orgStaff, {
  lastSentAt: null,
  deliveryStatus: 'QUEUED',
  deliveryError: 'SMTP 451: try again later',
});

const REFUSED = 'The mail server refused this address (550 5.1.1 user unknown)';
// Refused at its first attempt: never sent.
const bea = invitationEdge('i-bea', 'bea@riverside.example', ROLES.orgStaff, {
  lastSentAt: null,
  deliveryStatus: 'FAILED',
  deliveryError: REFUSED,
});
const cal = invitationEdge('i-cal', 'cal@riverside.example', ROLES.orgStaff, {
  deliveryStatus: 'FAILED',
  deliveryError: 'Twilio: not a valid mobile number (21211)',
});
// Failed, but expired: a resend (new link) is what helps, so the API says no retry.
const old = invitationEdge('i-old', 'old@riverside.example', ROLES.orgStaff, {
  status: 'EXPIRED',
  deliveryStatus: 'FAILED',
  deliveryError: REFUSED,
});

/** The list answers as often as asked: resends make it fetch again. */
function listMock(edges: InvitationEdge[], variables = {}) {
  return { ...invitationsMock(variables, edges), maxUsageCount: Number.POSITIVE_INFINITY };
}

function renderList(mocks: unknown[], path = `/o/${ORG.id}/invitations`) {
  renderRoutes({
    path,
    mocks: [
      viewerMock(viewers.accessController),
      scopeMock([DIABETES, HEART]),
      roleFilterMock(),
      ...(mocks as never[]),
    ],
  });
}

async function openList(mocks: unknown[], path?: string) {
  renderList(mocks, path);
  return screen.findByRole('table', { name: 'Pending staff invitations' });
}

function cells(row: HTMLElement): string[] {
  return within(row)
    .getAllByRole('cell')
    .map((c) => c.textContent ?? '');
}

async function openRowMenu(user: User, email: string) {
  await user.click(screen.getByRole('button', { name: `Actions for ${email}` }));
  return screen.findByRole('menu');
}

describe('InvitationsPage', () => {
  it('lists pending and expired invitations with where, when, who and delivery', async () => {
    const table = await openList([listMock([nora, tom, eve, fay])]);

    const noraRow = within(table).getByRole('row', { name: /nora@riverside\.example/ });
    expect(cells(noraRow).slice(1, 9)).toEqual([
      'nora@riverside.example',
      'Deployment Staff',
      DIABETES.name,
      '5 min ago',
      'in 3 days',
      'Ava Access',
      'Sent',
      '—',
    ]);
    expect(cells(within(table).getByRole('row', { name: /tom@riverside\.example/ }))[3]).toBe(
      'Organisation',
    );

    const eveRow = within(table).getByRole('row', { name: /eve@riverside\.example/ });
    expect(cells(eveRow)[5]).toBe('Expired');
    expect(cells(eveRow)[7]).toBe('Delivered');

    // Queued after a failed attempt: still retrying, with the error for those who look.
    const fayRow = within(table).getByRole('row', { name: /fay@riverside\.example/ });
    expect(cells(fayRow)[4]).toBe('Queued');
    expect(cells(fayRow)[7]).toContain('retrying');
    expect(cells(fayRow)[7]).toContain('SMTP 451: try again later');
  });

  it('offers Resend on expired rows, and resends from the row menu', async () => {
    const user = userEvent.setup();
    const resend = vi.fn(() => ({ data: { resendInvitations: [itemResult(eve.node.id)] } }));
    await openList([
      listMock([eve]),
      {
        request: { query: ResendInvitationsMutation, variables: { invitationIds: [eve.node.id] } },
        result: resend,
      },
    ]);

    const menu = await openRowMenu(user, 'eve@riverside.example');
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((i) => i.textContent),
    ).toEqual(['Resend', 'Revoke']);
    await user.click(within(menu).getByRole('menuitem', { name: 'Resend' }));

    expect(await screen.findByText('Invitation sent again')).toBeTruthy();
    expect(resend).toHaveBeenCalledTimes(1);
  });

  it('asks before revoking and removes the row only after "Revoke"', async () => {
    const user = userEvent.setup();
    const revoke = vi.fn(() => ({ data: { revokeInvitations: [itemResult(tom.node.id)] } }));
    const table = await openList([
      listMock([nora, tom]),
      {
        request: { query: RevokeInvitationsMutation, variables: { invitationIds: [tom.node.id] } },
        result: revoke,
      },
    ]);

    let menu = await openRowMenu(user, 'tom@riverside.example');
    await user.click(within(menu).getByRole('menuitem', { name: 'Revoke' }));
    let dialog = await screen.findByRole('dialog', {
      name: 'Revoke the invitation for tom@riverside.example?',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(revoke).not.toHaveBeenCalled();

    menu = await openRowMenu(user, 'tom@riverside.example');
    await user.click(within(menu).getByRole('menuitem', { name: 'Revoke' }));
    dialog = await screen.findByRole('dialog', {
      name: 'Revoke the invitation for tom@riverside.example?',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));

    await waitFor(() =>
      expect(within(table).queryByRole('row', { name: /tom@riverside\.example/ })).toBeNull(),
    );
    expect(revoke).toHaveBeenCalledTimes(1);
    expect(screen.getByText('Invitation revoked')).toBeTruthy();
    expect(within(table).getByRole('row', { name: /nora@riverside\.example/ })).toBeTruthy();
  });

  it('resends the selected invitations together and reports the ones that failed', async () => {
    const user = userEvent.setup();
    const resend = vi.fn(() => ({
      data: {
        resendInvitations: [
          itemResult(nora.node.id),
          itemResult(eve.node.id, false, 'INVITATION_REVOKED', 'Withdrawn by someone else'),
        ],
      },
    }));
    await openList([
      listMock([nora, tom, eve]),
      {
        request: {
          query: ResendInvitationsMutation,
          variables: { invitationIds: [nora.node.id, eve.node.id] },
        },
        result: resend,
      },
    ]);

    expect(screen.queryByRole('button', { name: 'Resend selected' })).toBeNull();
    await user.click(screen.getByRole('checkbox', { name: 'Select nora@riverside.example' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select eve@riverside.example' }));
    expect(screen.getByText('2 selected')).toBeTruthy();
    expect(
      screen.getByRole<HTMLInputElement>('checkbox', { name: 'Select all' }).indeterminate,
    ).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Resend selected' }));

    expect(await screen.findByText('Invitation sent again')).toBeTruthy();
    expect(resend).toHaveBeenCalledTimes(1);
    expect(screen.getByText('One invitation not sent again')).toBeTruthy();
    // The shared wording for the code, never the raw server message.
    expect(
      screen.getByText(
        `eve@riverside.example: This invitation was withdrawn. Ask the person who invited you if you still need access.`,
      ),
    ).toBeTruthy();
    // What worked is no longer selected; what failed stays selected.
    await waitFor(() => expect(screen.getByText('1 selected')).toBeTruthy());
    expect(
      screen.getByRole<HTMLInputElement>('checkbox', { name: 'Select eve@riverside.example' })
        .checked,
    ).toBe(true);
  });

  it('offers Retry delivery only where viewerCan.retryDelivery says so, with the error in words', async () => {
    const user = userEvent.setup();
    const locked = invitationEdge('i-lock', 'boss@riverside.example', ROLES.admin, {
      deliveryStatus: 'FAILED',
      deliveryError: REFUSED,
      can: false,
    });
    const table = await openList([listMock([bea, nora, old, locked])]);

    const beaRow = within(table).getByRole('row', { name: /bea@riverside\.example/ });
    // Why it failed, in words on the row: it decides between a retry and a resend.
    expect(cells(beaRow)[7]).toBe(`Failed${REFUSED}`);
    expect(within(beaRow).getByText(REFUSED)).toBeTruthy();
    expect(cells(beaRow)[4]).toBe('Not sent');
    const menuOf = async (email: string) => {
      const menu = await openRowMenu(user, email);
      const items = within(menu)
        .getAllByRole('menuitem')
        .map((i) => i.textContent);
      await user.keyboard('{Escape}');
      await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
      return items;
    };
    expect(await menuOf('bea@riverside.example')).toEqual(['Retry delivery', 'Resend', 'Revoke']);
    expect(await menuOf('nora@riverside.example')).toEqual(['Resend', 'Revoke']);
    expect(await menuOf('old@riverside.example')).toEqual(['Resend', 'Revoke']);
    expect(screen.queryByRole('button', { name: 'Actions for boss@riverside.example' })).toBeNull();

    // In bulk too: nothing to retry among the selected, no button.
    await user.click(screen.getByRole('checkbox', { name: 'Select nora@riverside.example' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select old@riverside.example' }));
    expect(screen.getByRole('button', { name: 'Resend selected' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Retry delivery/ })).toBeNull();
    await user.click(screen.getByRole('checkbox', { name: 'Select bea@riverside.example' }));
    expect(screen.getByRole('button', { name: 'Retry delivery (1 failed)' })).toBeTruthy();
  });

  it('retries one failed delivery from the row menu, and the row shows it queued again', async () => {
    const user = userEvent.setup();
    const retry = vi.fn(() => ({ data: { retryInvitationDeliveries: [itemResult(bea.node.id)] } }));
    const queued = invitationEdge('i-bea', 'bea@riverside.example', ROLES.orgStaff, {
      deliveryStatus: 'QUEUED',
    });
    const table = await openList([
      invitationsMock({}, [bea, nora]),
      {
        request: {
          query: RetryInvitationDeliveriesMutation,
          variables: { invitationIds: [bea.node.id] },
        },
        result: retry,
      },
      // Retrying makes the list fetch again: the API now says queued, nothing to retry.
      listMock([queued, nora]),
    ]);

    const menu = await openRowMenu(user, 'bea@riverside.example');
    await user.click(within(menu).getByRole('menuitem', { name: 'Retry delivery' }));

    expect(await screen.findByText('Invitation queued again')).toBeTruthy();
    expect(
      screen.getByText('Its message goes out again with the same link and expiry.'),
    ).toBeTruthy();
    expect(retry).toHaveBeenCalledTimes(1);
    await waitFor(() =>
      expect(cells(within(table).getByRole('row', { name: /bea@riverside\.example/ }))[7]).toBe(
        'Queued',
      ),
    );
    const again = await openRowMenu(user, 'bea@riverside.example');
    expect(
      within(again)
        .getAllByRole('menuitem')
        .map((i) => i.textContent),
    ).toEqual(['Resend', 'Revoke']);
  });

  it('retries the selected failed deliveries together and reports each one that could not be', async () => {
    const user = userEvent.setup();
    const retry = vi.fn(() => ({
      data: {
        retryInvitationDeliveries: [
          itemResult(bea.node.id),
          itemResult(
            cal.node.id,
            false,
            'INVITATION_EXPIRED',
            'Expired: resend it for a new link.',
          ),
        ],
      },
    }));
    await openList([
      listMock([bea, nora, cal]),
      {
        request: {
          query: RetryInvitationDeliveriesMutation,
          variables: { invitationIds: [bea.node.id, cal.node.id] },
        },
        result: retry,
      },
    ]);

    await user.click(screen.getByRole('checkbox', { name: 'Select all' }));
    expect(screen.getByText('3 selected')).toBeTruthy();
    // Only the failed ones are sent: nora's message did not fail.
    await user.click(screen.getByRole('button', { name: 'Retry delivery (2 failed)' }));

    expect(await screen.findByText('Invitation queued again')).toBeTruthy();
    expect(retry).toHaveBeenCalledTimes(1);
    expect(screen.getByText('One invitation could not be retried')).toBeTruthy();
    // Worded for staff, not the invitee's "Ask the person who invited you…".
    expect(
      screen.getByText('cal@riverside.example: It has expired. Resend it for a new link.'),
    ).toBeTruthy();
    // What was queued is no longer selected; the rest stays selected.
    await waitFor(() => expect(screen.getByText('2 selected')).toBeTruthy());
    expect(
      screen.getByRole<HTMLInputElement>('checkbox', { name: 'Select cal@riverside.example' })
        .checked,
    ).toBe(true);
    expect(
      screen.getByRole<HTMLInputElement>('checkbox', { name: 'Select bea@riverside.example' })
        .checked,
    ).toBe(false);
  });

  it('revokes all selected invitations after one confirmation', async () => {
    const user = userEvent.setup();
    const revoke = vi.fn(() => ({
      data: { revokeInvitations: [itemResult(nora.node.id), itemResult(tom.node.id)] },
    }));
    const table = await openList([
      listMock([nora, tom, eve]),
      {
        request: {
          query: RevokeInvitationsMutation,
          variables: { invitationIds: [nora.node.id, tom.node.id] },
        },
        result: revoke,
      },
    ]);

    await user.click(screen.getByRole('checkbox', { name: 'Select all' }));
    expect(screen.getByText('3 selected')).toBeTruthy();
    await user.click(screen.getByRole('checkbox', { name: 'Select eve@riverside.example' }));
    await user.click(screen.getByRole('button', { name: 'Revoke selected' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke 2 invitations?' });
    expect(revoke).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));

    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
    expect(within(table).getByRole('row', { name: /eve@riverside\.example/ })).toBeTruthy();
    expect(screen.getByText('2 invitations revoked')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Revoke selected' })).toBeNull();
  });

  it('shows rows the viewer may not manage without any control', async () => {
    const locked = invitationEdge('i-ada', 'boss@riverside.example', ROLES.admin, { can: false });
    await openList([listMock([locked, tom])]);
    expect(screen.queryByRole('button', { name: 'Actions for boss@riverside.example' })).toBeNull();
    expect(
      screen.getByRole<HTMLInputElement>('checkbox', { name: 'Select boss@riverside.example' })
        .disabled,
    ).toBe(true);
    expect(screen.getByRole('button', { name: 'Actions for tom@riverside.example' })).toBeTruthy();
  });

  it('filters and sorts on the server, and says when nothing is pending', async () => {
    const user = userEvent.setup();
    renderList([
      listMock([]),
      listMock([eve], { status: 'EXPIRED' }),
      listMock([eve], { status: 'EXPIRED', sort: 'EXPIRING_SOON' }),
      listMock([], { status: 'EXPIRED', sort: 'EXPIRING_SOON', search: 'zed' }),
    ]);

    expect(await screen.findByText('No pending invitations.')).toBeTruthy();
    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Expired' }));
    expect(await screen.findByText('eve@riverside.example')).toBeTruthy();

    await user.click(screen.getByRole('combobox', { name: 'Sort' }));
    await user.click(await screen.findByRole('option', { name: 'Expiring soon' }));
    await waitFor(() =>
      expect(screen.getByRole<HTMLInputElement>('combobox', { name: 'Sort' }).value).toBe(
        'Expiring soon',
      ),
    );

    await user.type(screen.getByRole('textbox', { name: 'Search invitations' }), 'zed');
    expect(await screen.findByText('No invitations match these filters.')).toBeTruthy();
  });

  it('appends the next page on "Load more"', async () => {
    const user = userEvent.setup();
    const table = await openList([
      invitationsMock({}, [nora], true),
      invitationsMock({ after: nora.cursor }, [tom]),
    ]);
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await within(table).findByRole('row', { name: /tom@riverside\.example/ });
    expect(within(table).getByRole('row', { name: /nora@riverside\.example/ })).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull());
  });

  it('lists a deployment’s invitations inside the deployment', async () => {
    await openList(
      [listMock([nora], { deploymentId: DIABETES.id })],
      `/o/${ORG.id}/d/${DIABETES.id}/invitations`,
    );
    expect(screen.getByText('nora@riverside.example')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Invitations' })).toBeTruthy();
  });
});
