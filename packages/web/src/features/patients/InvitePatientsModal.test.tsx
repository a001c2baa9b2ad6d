import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DIABETES, HEART, ORG, viewers } from '../../test/fixtures';
import { scopeMock, viewerMock } from '../../test/mocks';
import { patientEdge, patientsMock } from '../../test/patients';
import { renderRoutes } from '../../test/render';
import { InvitePatientsMutation } from './patients-api';

type User = ReturnType<typeof userEvent.setup>;
type Outcome = 'INVITED' | 'ALREADY_PENDING' | 'ALREADY_MEMBER' | 'INVALID' | 'NOT_ALLOWED';

const PATIENTS_PATH = `/o/${ORG.id}/d/${DIABETES.id}/patients`;

function result(address: string, outcome: Outcome, message: string | null = null) {
  return {
    __typename: 'InviteResult' as const,
    address,
    outcome,
    invitationId: outcome === 'INVITED' || outcome === 'ALREADY_PENDING' ? `inv-${address}` : null,
    message,
    link: null,
  };
}

function inviteMock(emails: string[], expiryHours: number, results: ReturnType<typeof result>[]) {
  const answer = vi.fn(() => ({
    data: {
      invitePatientsByEmail: {
        __typename: 'InvitePatientsPayload' as const,
        batchId: 'batch-1',
        invitedCount: results.filter((r) => r.outcome === 'INVITED').length,
        results,
      },
    },
  }));
  const input = { organisationId: ORG.id, deploymentId: DIABETES.id, emails, expiryHours };
  return {
    mock: { request: { query: InvitePatientsMutation, variables: { input } }, result: answer },
    answer,
  };
}

async function openDialog(user: User, mocks: unknown[]) {
  renderRoutes({
    path: PATIENTS_PATH,
    mocks: [
      viewerMock(viewers.deploymentStaff),
      scopeMock([DIABETES, HEART]),
      ...(mocks as never[]),
    ],
  });
  await user.click(await screen.findByRole('button', { name: 'Invite patients' }));
  return screen.findByRole('dialog', { name: 'Invite patients' });
}

describe('InvitePatientsModal', () => {
  it('sends the normalised addresses with a 7-day expiry, shows each outcome and refreshes the list', async () => {
    const user = userEvent.setup();
    const invited = patientEdge('p-nora', 'nora@example.org', {
      status: 'INVITED',
      email: 'nora@example.org',
    });
    const { mock, answer } = inviteMock(['nora@example.org', 'sam@example.org'], 168, [
      result('nora@example.org', 'INVITED'),
      result('sam@example.org', 'ALREADY_PENDING', 'An invitation is already pending.'),
    ]);
    const dialog = await openDialog(user, [
      patientsMock({}, []),
      mock,
      patientsMock({}, [invited]),
    ]);

    const input = within(dialog).getByRole('textbox', { name: 'Email addresses' });
    await user.type(input, ' Nora@Example.ORG{Enter}');
    await user.type(input, 'SAM@example.org,');
    expect(within(dialog).getByRole('radiogroup', { name: 'Expires after' })).toBeTruthy();
    expect(within(dialog).getByRole('radio', { name: '7 days' })).toHaveProperty('checked', true);
    expect(within(dialog).getByText('2 invites to send')).toBeTruthy();

    await user.click(within(dialog).getByRole('button', { name: 'Send invites' }));

    const table = await within(dialog).findByRole('table', { name: 'Invitation results' });
    expect(answer).toHaveBeenCalledTimes(1);
    const nora = within(table).getByRole('row', { name: /nora@example\.org/ });
    expect(within(nora).getByText('Invited')).toBeTruthy();
    const sam = within(table).getByRole('row', { name: /sam@example\.org/ });
    expect(within(sam).getByText('Already pending')).toBeTruthy();
    expect(screen.getByText('Invitations sent')).toBeTruthy();

    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Invite patients' })).toBeNull(),
    );
    // The list asked again and now shows the new invitation.
    const list = await screen.findByRole('table', { name: `Patients of ${DIABETES.name}` });
    expect(within(list).getByRole('row', { name: /nora@example\.org/ })).toBeTruthy();
  });

  it('sends expiryHours 8760 for "1 year"', async () => {
    const user = userEvent.setup();
    const { mock, answer } = inviteMock(['lee@example.org'], 8760, [
      result('lee@example.org', 'ALREADY_MEMBER', 'Already a patient here.'),
    ]);
    const dialog = await openDialog(user, [
      { ...patientsMock({}, []), maxUsageCount: Number.POSITIVE_INFINITY },
      mock,
    ]);

    await user.type(
      within(dialog).getByRole('textbox', { name: 'Email addresses' }),
      'lee@example.org{Enter}',
    );
    await user.click(within(dialog).getByRole('radio', { name: '1 year' }));
    await user.click(within(dialog).getByRole('button', { name: 'Send invites' }));

    const table = await within(dialog).findByRole('table', { name: 'Invitation results' });
    expect(answer).toHaveBeenCalledTimes(1);
    expect(within(table).getByText('Already a member')).toBeTruthy();
    expect(screen.getByText('No invitations sent')).toBeTruthy();
  });

  it('sends nothing while an address is not valid', async () => {
    const user = userEvent.setup();
    const dialog = await openDialog(user, [patientsMock({}, [])]);
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Email addresses' }),
      'not-an-address{Enter}',
    );
    expect(within(dialog).getByRole('button', { name: 'Send invites' })).toHaveProperty(
      'disabled',
      true,
    );
  });

  it('opens from the account menu too, inside a deployment where the viewer may invite patients', async () => {
    const user = userEvent.setup();
    renderRoutes({
      path: PATIENTS_PATH,
      mocks: [
        viewerMock(viewers.deploymentStaff),
        scopeMock([DIABETES, HEART]),
        patientsMock({}, []),
      ],
    });
    await user.click(await screen.findByRole('button', { name: /Dana Deployment/ }));
    await user.click(await screen.findByRole('menuitem', { name: 'Invite patients' }));
    expect(await screen.findByRole('dialog', { name: 'Invite patients' })).toBeTruthy();
  });

  it('is not offered where the viewer may not invite patients', async () => {
    const user = userEvent.setup();
    renderRoutes({
      path: `/o/${ORG.id}/d/${HEART.id}/patients`,
      mocks: [
        viewerMock(viewers.contributor),
        scopeMock([HEART]),
        patientsMock({ deploymentId: HEART.id }, []),
      ],
    });
    expect(await screen.findByText('No patients in this deployment yet.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Invite patients' })).toBeNull();
    await user.click(screen.getByRole('button', { name: /Cal Contributor/ }));
    await screen.findByRole('menuitem', { name: 'Sign out' });
    expect(screen.queryByRole('menuitem', { name: 'Invite patients' })).toBeNull();
  });
});
