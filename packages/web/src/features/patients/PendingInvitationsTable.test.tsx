import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { patientEdge } from '../../test/patients';
import { renderRoutes } from '../../test/render';
import { ResendInvitationsMutation } from '../invitations/invitation-actions';
import { DeletePatientInvitationsMutation } from './pending-api';
import { PendingInvitationsTable } from './PendingInvitationsTable';

const managed = (id: string, email: string) =>
  patientEdge(id, email, { status: 'INVITED', email, can: { manageInvitation: true } }).node;
const ann = managed('p-ann', 'ann@example.org');
const bob = managed('p-bob', 'bob@example.org');
const cat = managed('p-cat', 'cat@example.org');

function renderTable(
  rows: ReturnType<typeof managed>[],
  mocks: unknown[] = [],
  onChanged = vi.fn(),
) {
  renderRoutes({
    path: '/',
    routes: [
      {
        path: '/',
        element: (
          <PendingInvitationsTable rows={rows} label="Pending invitations" onChanged={onChanged} />
        ),
      },
    ],
    mocks: mocks as never,
  });
  return { onChanged, table: screen.getByRole('table', { name: 'Pending invitations' }) };
}

const results = (name: 'deletePatientInvitations' | 'resendInvitations', ids: string[]) => ({
  data: {
    [name]: ids.map((id) => ({
      __typename: 'InvitationActionResult' as const,
      invitationId: id,
      ok: true,
      code: null,
      message: null,
    })),
  },
});

describe('PendingInvitationsTable', () => {
  it('shows channel, address, time left, inviter, delivery and reminder per invitation', () => {
    const reminded = patientEdge('p-rem', 'rem@example.org', {
      status: 'INVITED',
      email: 'rem@example.org',
      remindedAt: new Date().toISOString(),
    }).node;
    const { table } = renderTable([ann, reminded]);
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual([
      '',
      'Channel',
      'Address',
      'Sent',
      'Time left',
      'Invited by',
      'Delivery',
      'Reminder',
      'Actions',
    ]);
    expect(within(table).getByRole('checkbox', { name: 'Select all' })).toBeTruthy();
    const [, first, second] = within(table).getAllByRole('row');
    expect(first!.textContent).toContain('Email');
    expect(first!.textContent).toContain('ann@example.org');
    expect(first!.textContent).toContain('Ada Admin');
    expect(first!.textContent).toContain('Sent');
    expect(first!.textContent).toMatch(/Due /);
    expect(second!.textContent).toMatch(/Sent \d/);
  });

  it('deletes the selected invitations after a confirmation naming the count', async () => {
    const user = userEvent.setup();
    const remove = vi.fn(() =>
      results('deletePatientInvitations', [ann.invitation!.id, cat.invitation!.id]),
    );
    const { table, onChanged } = renderTable(
      [ann, bob, cat],
      [
        {
          request: {
            query: DeletePatientInvitationsMutation,
            variables: { invitationIds: [ann.invitation!.id, cat.invitation!.id] },
          },
          result: remove,
        },
      ],
    );
    expect(screen.queryByRole('toolbar', { name: 'Selected invitations' })).toBeNull();
    await user.click(within(table).getByRole('checkbox', { name: 'Select ann@example.org' }));
    await user.click(within(table).getByRole('checkbox', { name: 'Select cat@example.org' }));
    const bar = screen.getByRole('toolbar', { name: 'Selected invitations' });
    await user.click(within(bar).getByRole('button', { name: 'Delete 2' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete 2 invitations?' });
    expect(remove).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Delete 2' }));
    await waitFor(() => expect(remove).toHaveBeenCalledTimes(1));
    expect(await screen.findByText('2 invitations deleted')).toBeTruthy();
    expect(onChanged).toHaveBeenCalled();
  });

  it('resends every invitation with “Select all”, and one from its row menu', async () => {
    const user = userEvent.setup();
    const all = [ann, bob, cat].map((r) => r.invitation!.id);
    const resendAll = vi.fn(() => results('resendInvitations', all));
    const resendOne = vi.fn(() => results('resendInvitations', [bob.invitation!.id]));
    const { table } = renderTable(
      [ann, bob, cat],
      [
        {
          request: { query: ResendInvitationsMutation, variables: { invitationIds: all } },
          result: resendAll,
        },
        {
          request: {
            query: ResendInvitationsMutation,
            variables: { invitationIds: [bob.invitation!.id] },
          },
          result: resendOne,
        },
      ],
    );
    await user.click(within(table).getByRole('checkbox', { name: 'Select all' }));
    await user.click(screen.getByRole('button', { name: 'Resend 3' }));
    await waitFor(() => expect(resendAll).toHaveBeenCalledTimes(1));
    expect(await screen.findByText('3 invitations sent again')).toBeTruthy();

    await user.click(within(table).getByRole('button', { name: 'Actions for bob@example.org' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Resend' }));
    await waitFor(() => expect(resendOne).toHaveBeenCalledTimes(1));
  });

  it('offers no selection or actions without patient:manage, and hides addresses without identifiers', () => {
    const viewOnly = patientEdge('p-v', 'Patient 1234abcd', { status: 'INVITED' }).node;
    const { table } = renderTable([viewOnly]);
    expect(within(table).queryByRole('checkbox')).toBeNull();
    expect(within(table).queryByRole('button')).toBeNull();
    expect(within(table).getAllByRole('row')[1]!.textContent).toContain('Patient 1234abcd');
  });
});
