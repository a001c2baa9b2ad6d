import type { Permission } from '@porter/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DIABETES, HEART, ORG, viewers } from '../../test/fixtures';
import { scopeMock, viewerMock } from '../../test/mocks';
import { itemResult } from '../../test/invitations';
import { patientEdge, patientsMock } from '../../test/patients';
import { renderRoutes } from '../../test/render';
import {
  RetryInvitationDeliveriesMutation,
  RevokeInvitationsMutation,
} from '../invitations/invitation-actions';
import { OffboardPatientMutation, ReactivatePatientMutation } from './patients-api';

type User = ReturnType<typeof userEvent.setup>;

const PATIENTS_PATH = `/o/${ORG.id}/d/${DIABETES.id}/patients`;

const ann = patientEdge('p-ann', 'Ann Active', {
  email: 'ann@example.org',
  mobile: '+447700900123',
  can: { offboard: true },
});
const ivy = patientEdge('p-ivy', 'ivy@example.org', {
  status: 'INVITED',
  email: 'ivy@example.org',
  can: { manageInvitation: true },
});
const oli = patientEdge('p-oli', 'Oli Offboarded', {
  status: 'OFFBOARDED',
  email: 'oli@example.org',
  can: { reactivate: true },
});
const quiet = patientEdge('p-quiet', 'Quinn Quiet', { email: 'quinn@example.org' });
const REFUSED = 'The mail server refused this address (550 5.1.1 user unknown)';
const fay = patientEdge('p-fay', 'fay@example.org', {
  status: 'INVITED',
  email: 'fay@example.org',
  deliveryStatus: 'FAILED',
  deliveryError: REFUSED,
  can: { manageInvitation: true, retryDelivery: true },
});

/** Like Organisation Staff working in Diabetes: patients without identifiers, may offboard, may not invite. */
const NO_IDENTIFIERS = {
  ...viewers.deploymentStaff,
  scopes: viewers.deploymentStaff.scopes.map((e) =>
    e.scopeType === 'DEPLOYMENT'
      ? {
          ...e,
          permissions: ['patient:view', 'patient:offboard', 'staff:view'] satisfies Permission[],
        }
      : e,
  ),
};

function renderPage(mocks: unknown[], path = PATIENTS_PATH, viewer = viewers.deploymentStaff) {
  return renderRoutes({
    path,
    mocks: [viewerMock(viewer), scopeMock([DIABETES, HEART]), ...(mocks as never[])],
  });
}

async function openTable(mocks: unknown[], path?: string, viewer?: typeof viewers.deploymentStaff) {
  const rendered = renderPage(mocks, path, viewer);
  const table = await screen.findByRole('table', { name: `Patients of ${DIABETES.name}` });
  return { ...rendered, table };
}

async function chooseOption(user: User, combobox: HTMLElement, name: string) {
  await user.click(combobox);
  await user.click(await screen.findByRole('option', { name }));
}

async function menuItems(user: User, name: string) {
  await user.click(screen.getByRole('button', { name: `Actions for ${name}` }));
  const menu = await screen.findByRole('menu');
  return within(menu)
    .getAllByRole('menuitem')
    .map((i) => i.textContent);
}

describe('PatientsPage', () => {
  it('lists patients with status, channel, dates and the state of pending invitations', async () => {
    const { table } = await openTable([patientsMock({}, [ann, ivy, oli])]);

    const annRow = within(table).getByRole('row', { name: /Ann Active/ });
    expect(annRow.textContent).toContain('ann@example.org');
    expect(annRow.textContent).toContain('+447700900123');
    expect(within(annRow).getByText('Active')).toBeTruthy();
    expect(within(annRow).getByText('Email')).toBeTruthy();

    const ivyRow = within(table).getByRole('row', { name: /ivy@example\.org/ });
    expect(within(ivyRow).getByText('Invited')).toBeTruthy();
    // The address is the display name: it is not repeated under it.
    expect(within(ivyRow).getAllByText('ivy@example.org')).toHaveLength(1);
    expect(ivyRow.textContent).toContain('Sent 5 min ago');
    expect(ivyRow.textContent).toContain('Expires in 3 days');

    const oliRow = within(table).getByRole('row', { name: /Oli Offboarded/ });
    expect(within(oliRow).getByText('Offboarded')).toBeTruthy();
    expect(oliRow.textContent).toContain('Completed the programme');
    expect(oliRow.getAttribute('data-offboarded')).toBe('true');
    expect(annRow.getAttribute('data-offboarded')).toBeNull();
  });

  it('shows an expired invitation in red', async () => {
    const late = patientEdge('p-late', 'late@example.org', {
      status: 'INVITED',
      email: 'late@example.org',
      expired: true,
    });
    const { table } = await openTable([patientsMock({}, [late])]);
    const row = within(table).getByRole('row', { name: /late@example\.org/ });
    expect(within(row).getByText('Expired')).toBeTruthy();
    expect(row.textContent).not.toContain('Expires in');
  });

  it('filters by patient type on the server and keeps the type in the URL', async () => {
    const user = userEvent.setup();
    const { table, router } = await openTable([
      patientsMock({}, [ann, ivy, oli]),
      patientsMock({ type: 'OFFBOARDED' }, [oli]),
      patientsMock({ type: 'PENDING' }, [ivy]),
    ]);
    expect(within(table).getAllByRole('row')).toHaveLength(4);

    await chooseOption(user, screen.getByRole('combobox', { name: 'Patient type' }), 'Offboarded');
    await waitFor(() =>
      expect(within(table).queryByRole('row', { name: /Ann Active/ })).toBeNull(),
    );
    expect(within(table).getByRole('row', { name: /Oli Offboarded/ })).toBeTruthy();
    expect(router.state.location.search).toBe('?type=OFFBOARDED');

    // The header shortcut switches to pending invitations.
    await user.click(screen.getByRole('button', { name: 'Pending invitations' }));
    // Pending invitations have a table of their own (see PendingInvitationsTable.test.tsx).
    const pending = await screen.findByRole(
      'table',
      { name: `Pending invitations of ${DIABETES.name}` },
      { timeout: 3000 },
    );
    expect(await within(pending).findByRole('row', { name: /ivy@example\.org/ })).toBeTruthy();
    expect(router.state.location.search).toBe('?type=PENDING');
    expect(screen.getByRole<HTMLInputElement>('combobox', { name: 'Patient type' }).value).toBe(
      'Pending invitations',
    );
  });

  it('opens on the type given in the URL, with an empty state for it', async () => {
    renderPage([patientsMock({ type: 'PENDING' }, [])], `${PATIENTS_PATH}?type=PENDING`);
    expect(await screen.findByText('No pending invitations.')).toBeTruthy();
    expect(screen.getByRole<HTMLInputElement>('combobox', { name: 'Patient type' }).value).toBe(
      'Pending invitations',
    );
  });

  it('shows only the display name to viewers without identifiers, who search by patient id', async () => {
    const pseudonym = patientEdge('p-9f2c', 'Patient 9F2C');
    const table = await openTable(
      [patientsMock({}, [pseudonym])],
      PATIENTS_PATH,
      NO_IDENTIFIERS,
    ).then((r) => r.table);
    const row = within(table).getByRole('row', { name: /Patient 9F2C/ });
    const patientCell = within(row).getAllByRole('cell')[0]!;
    expect(patientCell.textContent).toBe('Patient 9F2C');
    expect(
      screen.getByRole('textbox', { name: 'Search patients' }).getAttribute('placeholder'),
    ).toBe('Search by patient id');
    // Nothing to do with this row, and without patient:manage nobody may invite.
    expect(screen.queryByRole('button', { name: /^Actions for / })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Invite patients' })).toBeNull();
  });

  it('searches on the server by name, email or phone', async () => {
    const user = userEvent.setup();
    const { table } = await openTable([
      patientsMock({}, [ann, ivy]),
      patientsMock({ search: 'ann' }, [ann]),
    ]);
    const search = screen.getByRole('textbox', { name: 'Search patients' });
    expect(search.getAttribute('placeholder')).toBe('Search by name, email or phone');
    await user.type(search, 'ann');
    await waitFor(() =>
      expect(within(table).queryByRole('row', { name: /ivy@example\.org/ })).toBeNull(),
    );
    expect(within(table).getByRole('row', { name: /Ann Active/ })).toBeTruthy();
  });

  it('offers in the row menu only what the viewer may do with that patient', async () => {
    const user = userEvent.setup();
    await openTable([patientsMock({}, [ann, ivy, oli, quiet])]);

    expect(await menuItems(user, 'Ann Active')).toEqual(['Stop monitoring patient']);
    await user.keyboard('{Escape}');
    expect(await menuItems(user, 'ivy@example.org')).toEqual([
      'Resend invitation',
      'Revoke invitation',
    ]);
    await user.keyboard('{Escape}');
    expect(await menuItems(user, 'Oli Offboarded')).toEqual(['Reactivate patient']);
    expect(screen.queryByRole('button', { name: 'Actions for Quinn Quiet' })).toBeNull();
  });

  it('retries a failed delivery from the row menu, and the pending list shows it queued again', async () => {
    const user = userEvent.setup();
    const retry = vi.fn(() => ({
      data: { retryInvitationDeliveries: [itemResult(fay.node.invitation!.id)] },
    }));
    const queued = patientEdge('p-fay', 'fay@example.org', {
      status: 'INVITED',
      email: 'fay@example.org',
      deliveryStatus: 'QUEUED',
      can: { manageInvitation: true },
    });
    renderPage(
      [
        patientsMock({ type: 'PENDING' }, [fay, ivy]),
        {
          request: {
            query: RetryInvitationDeliveriesMutation,
            variables: { invitationIds: [fay.node.invitation!.id] },
          },
          result: retry,
        },
        patientsMock({ type: 'PENDING' }, [queued, ivy]),
      ],
      `${PATIENTS_PATH}?type=PENDING`,
    );
    const table = await screen.findByRole('table', {
      name: `Pending invitations of ${DIABETES.name}`,
    });
    const row = () => within(table).getByRole('row', { name: /fay@example\.org/ });
    expect(within(row()).getByText(REFUSED)).toBeTruthy();

    await user.click(within(table).getByRole('button', { name: 'Actions for fay@example.org' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Retry delivery' }));

    expect(await screen.findByText('Invitation queued again')).toBeTruthy();
    expect(retry).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(row().textContent).toContain('Queued'));
    expect(row().textContent).not.toContain('Failed');
  });

  it('offers Retry delivery in the patient list only where viewerCan.retryDelivery says so', async () => {
    const user = userEvent.setup();
    await openTable([patientsMock({}, [fay, ivy])]);
    expect(await menuItems(user, 'fay@example.org')).toEqual([
      'Retry delivery',
      'Resend invitation',
      'Revoke invitation',
    ]);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    expect(await menuItems(user, 'ivy@example.org')).toEqual([
      'Resend invitation',
      'Revoke invitation',
    ]);
  });

  it('stops monitoring with "Other reason" only once details are given, then drops the row from the list', async () => {
    const user = userEvent.setup();
    const offboard = vi.fn(() => ({
      data: {
        offboardPatient: {
          __typename: 'Patient' as const,
          id: ann.node.id,
          status: 'OFFBOARDED' as const,
          offboardedAt: new Date().toISOString(),
          offboardReason: 'OTHER',
          offboardNote: 'Moved abroad',
          viewerCan: {
            __typename: 'PatientViewerCan' as const,
            offboard: false,
            reactivate: true,
            manageInvitation: false,
          },
        },
      },
    }));
    const { table } = await openTable(
      [
        patientsMock({ type: 'ACTIVE' }, [ann]),
        {
          request: {
            query: OffboardPatientMutation,
            variables: { patientId: ann.node.id, reason: 'OTHER', note: 'Moved abroad' },
          },
          result: offboard,
        },
        patientsMock({ type: 'ACTIVE' }, []),
      ],
      `${PATIENTS_PATH}?type=ACTIVE`,
    );
    await within(table).findByRole('row', { name: /Ann Active/ });

    await user.click(screen.getByRole('button', { name: 'Actions for Ann Active' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Stop monitoring patient' }));
    const dialog = await screen.findByRole('dialog', { name: 'Stop monitoring Ann Active?' });
    expect(dialog.textContent).toContain('ann@example.org');

    // No reason yet: nothing is sent.
    await user.click(within(dialog).getByRole('button', { name: 'Stop monitoring' }));
    expect(await within(dialog).findByText('Choose a reason.')).toBeTruthy();

    await chooseOption(
      user,
      within(dialog).getByRole('combobox', { name: 'Reason' }),
      'Other reason',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Stop monitoring' }));
    expect(await within(dialog).findByText('Describe the reason.')).toBeTruthy();
    expect(offboard).not.toHaveBeenCalled();

    await user.type(within(dialog).getByRole('textbox', { name: /Details/ }), '  Moved abroad ');
    await user.click(within(dialog).getByRole('button', { name: 'Stop monitoring' }));

    expect(await screen.findByText('Monitoring stopped')).toBeTruthy();
    expect(offboard).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText('No active patients.')).toBeTruthy();
  });

  it('sends the chosen reason without a note when details are optional', async () => {
    const user = userEvent.setup();
    const offboard = vi.fn(() => ({
      data: {
        offboardPatient: {
          __typename: 'Patient' as const,
          id: ann.node.id,
          status: 'OFFBOARDED' as const,
          offboardedAt: new Date().toISOString(),
          offboardReason: 'COMPLETED',
          offboardNote: null,
          viewerCan: {
            __typename: 'PatientViewerCan' as const,
            offboard: false,
            reactivate: true,
            manageInvitation: false,
          },
        },
      },
    }));
    await openTable([
      { ...patientsMock({}, [ann]), maxUsageCount: Number.POSITIVE_INFINITY },
      {
        request: {
          query: OffboardPatientMutation,
          variables: { patientId: ann.node.id, reason: 'COMPLETED', note: null },
        },
        result: offboard,
      },
    ]);
    await user.click(screen.getByRole('button', { name: 'Actions for Ann Active' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Stop monitoring patient' }));
    const dialog = await screen.findByRole('dialog', { name: 'Stop monitoring Ann Active?' });
    await chooseOption(
      user,
      within(dialog).getByRole('combobox', { name: 'Reason' }),
      'Completed the programme',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Stop monitoring' }));
    expect(await screen.findByText('Monitoring stopped')).toBeTruthy();
    expect(offboard).toHaveBeenCalledTimes(1);
  });

  it('says that revoking removes a patient who never joined, then drops the row from the list', async () => {
    const user = userEvent.setup();
    const revoke = vi.fn(() => ({
      data: {
        revokeInvitations: [itemResult(ivy.node.invitation!.id)],
      },
    }));
    const { table } = await openTable([
      patientsMock({}, [ann, ivy]),
      {
        request: {
          query: RevokeInvitationsMutation,
          variables: { invitationIds: [ivy.node.invitation!.id] },
        },
        result: revoke,
      },
      patientsMock({}, [ann]),
    ]);

    await user.click(screen.getByRole('button', { name: 'Actions for ivy@example.org' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Revoke invitation' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Revoke the invitation for ivy@example.org?',
    });
    expect(dialog.textContent).toContain(
      'Its link stops working at once, and ivy@example.org, who never joined, is removed from this deployment.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));

    expect(await screen.findByText('Invitation revoked')).toBeTruthy();
    expect(revoke).toHaveBeenCalledTimes(1);
    await waitFor(() =>
      expect(within(table).queryByRole('row', { name: /ivy@example\.org/ })).toBeNull(),
    );
    expect(within(table).getByRole('row', { name: /Ann Active/ })).toBeTruthy();
  });

  it('asks before reactivating, and reactivates only after "Reactivate"', async () => {
    const user = userEvent.setup();
    const reactivate = vi.fn(() => ({
      data: {
        reactivatePatient: {
          __typename: 'Patient' as const,
          id: oli.node.id,
          status: 'ACTIVE' as const,
          offboardedAt: null,
          offboardReason: null,
          offboardNote: null,
          viewerCan: {
            __typename: 'PatientViewerCan' as const,
            offboard: true,
            reactivate: false,
            manageInvitation: false,
          },
        },
      },
    }));
    const { table } = await openTable(
      [
        patientsMock({ type: 'OFFBOARDED' }, [oli]),
        {
          request: { query: ReactivatePatientMutation, variables: { patientId: oli.node.id } },
          result: reactivate,
        },
        patientsMock({ type: 'OFFBOARDED' }, []),
      ],
      `${PATIENTS_PATH}?type=OFFBOARDED`,
    );

    await user.click(within(table).getByRole('button', { name: 'Actions for Oli Offboarded' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Reactivate patient' }));
    let dialog = await screen.findByRole('dialog', { name: 'Reactivate Oli Offboarded?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(reactivate).not.toHaveBeenCalled();

    await user.click(within(table).getByRole('button', { name: 'Actions for Oli Offboarded' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Reactivate patient' }));
    dialog = await screen.findByRole('dialog', { name: 'Reactivate Oli Offboarded?' });
    await user.click(within(dialog).getByRole('button', { name: 'Reactivate' }));

    expect(await screen.findByText('Patient reactivated')).toBeTruthy();
    expect(reactivate).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('No offboarded patients.')).toBeTruthy();
  });
});
