import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { patientEdge } from '../../test/patients';
import { renderRoutes } from '../../test/render';
import { itemResult } from '../../test/invitations';
import {
  ResendInvitationsMutation,
  RetryInvitationDeliveriesMutation,
} from '../invitations/invitation-actions';
import { DeletePatientInvitationsMutation } from './pending-api';
import { PendingInvitationsTable } from './PendingInvitationsTable';

const managed = (id: string, email: string) =>
  patientEdge(id, email, { status: 'INVITED', email, can: { manageInvitation: true } }).node;
const ann = managed('p-ann', 'ann@example.org');
const bob = managed('p-bob', 'bob@example.org');
const cat = managed('p-cat', 'cat@example.org');
/** A pending invitation whose latest message FAILED: the API offers a retry. */
const failed = (id: string, email: string, deliveryError: string) =>
  patientEdge(id, email, {
    status: 'INVITED',
    email,
    deliveryStatus: 'FAILED',
    deliveryError,
    can: { manageInvitation: true, retryDelivery: true },
  }).node;
const REFUSED = 'The mail server refused this address (550 5.1.1 user unknown)';
const dan = failed('p-dan', 'dan@example.org', REFUSED);
const eli = failed(
  'p-eli',
  'eli@example.org',
  'Gave up after 26 h and 9 attempts: connection refused',
);

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

  it('offers Retry delivery only where viewerCan.retryDelivery says so, with the error in words', async () => {
    const user = userEvent.setup();
    // Failed, but the API says no retry (expired, say): only resend and delete.
    const stale = patientEdge('p-old', 'old@example.org', {
      status: 'INVITED',
      email: 'old@example.org',
      deliveryStatus: 'FAILED',
      deliveryError: REFUSED,
      expired: true,
      can: { manageInvitation: true },
    }).node;
    const { table } = renderTable([dan, ann, stale]);

    const danRow = within(table).getByRole('row', { name: /dan@example\.org/ });
    // Why it failed, in words on the row: it decides between a retry and a resend.
    expect(within(danRow).getByText(REFUSED)).toBeTruthy();
    expect(danRow.textContent).toContain('Failed');
    const menuOf = async (email: string) => {
      await user.click(within(table).getByRole('button', { name: `Actions for ${email}` }));
      const items = within(await screen.findByRole('menu'))
        .getAllByRole('menuitem')
        .map((i) => i.textContent);
      await user.keyboard('{Escape}');
      await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
      return items;
    };
    expect(await menuOf('dan@example.org')).toEqual(['Retry delivery', 'Resend', 'Delete']);
    expect(await menuOf('ann@example.org')).toEqual(['Resend', 'Delete']);
    expect(await menuOf('old@example.org')).toEqual(['Resend', 'Delete']);

    await user.click(within(table).getByRole('checkbox', { name: 'Select ann@example.org' }));
    await user.click(within(table).getByRole('checkbox', { name: 'Select old@example.org' }));
    const bar = screen.getByRole('toolbar', { name: 'Selected invitations' });
    expect(within(bar).queryByRole('button', { name: /Retry delivery/ })).toBeNull();
    await user.click(within(table).getByRole('checkbox', { name: 'Select dan@example.org' }));
    expect(within(bar).getByRole('button', { name: 'Retry delivery (1 failed)' })).toBeTruthy();
  });

  it('retries the selected failed deliveries together and reports each outcome', async () => {
    const user = userEvent.setup();
    const retry = vi.fn(() => ({
      data: {
        retryInvitationDeliveries: [
          itemResult(dan.invitation!.id),
          itemResult(eli.invitation!.id, false, 'NO_TOKEN', 'No link kept'),
        ],
      },
    }));
    const retryOne = vi.fn(() => ({
      data: { retryInvitationDeliveries: [itemResult(eli.invitation!.id)] },
    }));
    const { table, onChanged } = renderTable(
      [dan, ann, eli],
      [
        {
          request: {
            query: RetryInvitationDeliveriesMutation,
            variables: { invitationIds: [dan.invitation!.id, eli.invitation!.id] },
          },
          result: retry,
        },
        {
          request: {
            query: RetryInvitationDeliveriesMutation,
            variables: { invitationIds: [eli.invitation!.id] },
          },
          result: retryOne,
        },
      ],
    );

    await user.click(within(table).getByRole('checkbox', { name: 'Select all' }));
    // Only the failed ones are sent: ann's message did not fail.
    await user.click(screen.getByRole('button', { name: 'Retry delivery (2 failed)' }));
    await waitFor(() => expect(retry).toHaveBeenCalledTimes(1));
    expect(await screen.findByText('Invitation queued again')).toBeTruthy();
    expect(screen.getByText('One invitation could not be retried')).toBeTruthy();
    expect(
      screen.getByText(
        'eli@example.org: This message cannot be sent again with the same link. Resend the invitation to send a new one.',
      ),
    ).toBeTruthy();
    // The list fetches again; what was queued leaves the selection, the rest stays.
    await waitFor(() => expect(screen.getByText('2 selected')).toBeTruthy());
    expect(onChanged).toHaveBeenCalledTimes(1);
    expect(
      within(table).getByRole<HTMLInputElement>('checkbox', { name: 'Select dan@example.org' })
        .checked,
    ).toBe(false);

    await user.click(within(table).getByRole('button', { name: 'Actions for eli@example.org' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Retry delivery' }));
    await waitFor(() => expect(retryOne).toHaveBeenCalledTimes(1));
    expect(onChanged).toHaveBeenCalledTimes(2);
  });

  it('offers no selection or actions without patient:manage, and hides addresses without identifiers', () => {
    const viewOnly = patientEdge('p-v', 'Patient 1234abcd', { status: 'INVITED' }).node;
    const { table } = renderTable([viewOnly]);
    expect(within(table).queryByRole('checkbox')).toBeNull();
    expect(within(table).queryByRole('button')).toBeNull();
    expect(within(table).getAllByRole('row')[1]!.textContent).toContain('Patient 1234abcd');
  });
});
