import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { PatientHelperFieldsFragment } from '../../gql/graphql';
import { patientEdge } from '../../test/patients';
import { renderRoutes } from '../../test/render';
import { PatientHelpersModal } from './PatientHelpersModal';
import { InvitePatientHelperMutation, RemovePatientHelperMutation } from './pending-api';

const helper = (id: string, patch: Partial<PatientHelperFieldsFragment> = {}) => ({
  __typename: 'PatientHelper' as const,
  id,
  patientId: 'p-ann',
  email: `${id}@example.org`,
  fullName: null,
  relationship: null,
  status: 'INVITED' as const,
  invitedAt: '2026-03-01T10:00:00.000Z',
  joinedAt: null,
  removedAt: null,
  ...patch,
});

const dana = helper('dana', {
  fullName: 'Dana Daughter',
  relationship: 'Daughter',
  status: 'ACTIVE',
  joinedAt: '2026-03-02T10:00:00.000Z',
});

function renderModal(
  options: { manageHelpers: boolean; helpers: ReturnType<typeof helper>[] },
  mocks: unknown[] = [],
) {
  const patient = patientEdge('p-ann', 'Ann Active', {
    email: 'ann@example.org',
    can: { manageHelpers: options.manageHelpers },
    helpers: options.helpers,
  }).node;
  renderRoutes({
    path: '/',
    routes: [{ path: '/', element: <PatientHelpersModal patient={patient} onClose={() => {}} /> }],
    mocks: mocks as never,
  });
  return screen.findByRole('dialog', { name: 'Helpers of Ann Active' });
}

describe('PatientHelpersModal', () => {
  it('lists helpers with their status, and invites one by email, name and relationship', async () => {
    const user = userEvent.setup();
    const invited = helper('sam', {
      email: 'sam@example.org',
      fullName: 'Sam Son',
      relationship: 'Son',
    });
    const invite = vi.fn(() => ({ data: { invitePatientHelper: invited } }));
    const dialog = await renderModal({ manageHelpers: true, helpers: [dana] }, [
      {
        request: {
          query: InvitePatientHelperMutation,
          variables: {
            input: {
              patientId: 'p-ann',
              email: 'sam@example.org',
              fullName: 'Sam Son',
              relationship: 'Son',
            },
          },
        },
        result: invite,
      },
    ]);
    const list = within(dialog).getByRole('list', { name: 'Helpers' });
    expect(list.textContent).toContain('Dana Daughter · Daughter');
    expect(list.textContent).toContain('Active');

    const form = within(dialog).getByRole('form', { name: 'Invite a helper' });
    await user.type(within(form).getByRole('textbox', { name: 'Email' }), 'sam@example.org');
    await user.type(within(form).getByRole('textbox', { name: 'Name' }), 'Sam Son');
    await user.type(within(form).getByRole('textbox', { name: 'Relationship' }), 'Son');
    await user.click(within(form).getByRole('button', { name: 'Send invitation' }));
    await waitFor(() => expect(invite).toHaveBeenCalledTimes(1));
    expect(await screen.findByText('Helper invited')).toBeTruthy();
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    expect(within(list).getAllByRole('listitem')[1]!.textContent).toContain('Invited');
  });

  it('removes a helper after confirming', async () => {
    const user = userEvent.setup();
    const remove = vi.fn(() => ({
      data: {
        removePatientHelper: {
          ...dana,
          status: 'REMOVED' as const,
          removedAt: '2026-03-03T10:00:00.000Z',
        },
      },
    }));
    const dialog = await renderModal({ manageHelpers: true, helpers: [dana] }, [
      {
        request: { query: RemovePatientHelperMutation, variables: { helperId: 'dana' } },
        result: remove,
      },
    ]);
    await user.click(within(dialog).getByRole('button', { name: 'Remove Dana Daughter' }));
    const confirm = await screen.findByRole('dialog', {
      name: 'Remove Dana Daughter as a helper?',
    });
    await user.click(within(confirm).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(remove).toHaveBeenCalledTimes(1));
    expect(await screen.findByText('Helper removed')).toBeTruthy();
    await waitFor(() =>
      expect(within(dialog).getByRole('list', { name: 'Helpers' }).textContent).toContain(
        'Removed',
      ),
    );
  });

  it('only lists helpers without proxy:invite', async () => {
    const dialog = await renderModal({ manageHelpers: false, helpers: [dana] });
    expect(within(dialog).queryByRole('form', { name: 'Invite a helper' })).toBeNull();
    expect(within(dialog).queryByRole('button', { name: /Remove/ })).toBeNull();
    expect(within(dialog).getByRole('list', { name: 'Helpers' }).textContent).toContain(
      'Dana Daughter',
    );
  });
});
