import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DIABETES, HEART, ORG, viewers } from '../../test/fixtures';
import { scopeMock, viewerMock } from '../../test/mocks';
import { patientEdge, patientsMock } from '../../test/patients';
import { renderRoutes } from '../../test/render';
import { InvitePatientBySmsMutation, PatientSmsPreviewQuery } from './InviteBySms';

type User = ReturnType<typeof userEvent.setup>;

const PATIENTS_PATH = `/o/${ORG.id}/d/${DIABETES.id}/patients`;
const TEXT = `Hi Sam, ${ORG.name} invited you to join ${DIABETES.name}. Accept here (no password needed):
https://porter.example/invitations/…
The link expires 12 Jan 2026, 09:00 UTC. Not expecting this? Ignore this text.`;

const input = (mobile = '07911 123456', expiryHours = 168) => ({
  organisationId: ORG.id,
  deploymentId: DIABETES.id,
  firstName: 'Sam',
  lastName: 'Smith',
  mobile,
  expiryHours,
  channel: 'SMS',
});

function previewMock(variables = input()) {
  const answer = vi.fn(() => ({
    data: {
      previewPatientSms: {
        __typename: 'SmsPreview' as const,
        to: '+447911123456',
        toDisplay: '+44 7911 123456',
        text: TEXT,
        characters: 201,
        segments: 2,
      },
    },
  }));
  return {
    mock: {
      request: { query: PatientSmsPreviewQuery, variables: { input: variables } },
      result: answer,
    },
    answer,
  };
}

function inviteMock(
  outcome: 'INVITED' | 'ALREADY_PENDING' | 'ALREADY_MEMBER',
  message: string | null = null,
) {
  const answer = vi.fn(() => ({
    data: {
      invitePatientBySms: {
        __typename: 'InvitePatientsPayload' as const,
        batchId: 'batch-1',
        invitedCount: outcome === 'INVITED' ? 1 : 0,
        results: [
          {
            __typename: 'InviteResult' as const,
            address: '+447911123456',
            outcome,
            invitationId: 'inv-sam',
            message,
            link: null,
          },
        ],
      },
    },
  }));
  return {
    mock: {
      request: { query: InvitePatientBySmsMutation, variables: { input: input() } },
      result: answer,
    },
    answer,
  };
}

async function openSmsTab(user: User, mocks: unknown[]) {
  renderRoutes({
    path: PATIENTS_PATH,
    mocks: [
      viewerMock(viewers.deploymentStaff),
      scopeMock([DIABETES, HEART]),
      ...(mocks as never[]),
    ],
  });
  await user.click(await screen.findByRole('button', { name: 'Invite patients' }));
  const dialog = await screen.findByRole('dialog', { name: 'Invite patients' });
  await user.click(within(dialog).getByRole('tab', { name: 'SMS' }));
  return dialog;
}

async function fill(user: User, dialog: HTMLElement, mobile = '07911 123456') {
  await user.type(within(dialog).getByRole('textbox', { name: 'First name' }), 'Sam');
  await user.type(within(dialog).getByRole('textbox', { name: 'Last name' }), 'Smith');
  await user.type(within(dialog).getByRole('textbox', { name: /Mobile number/ }), mobile);
}

describe('InviteBySms', () => {
  it('previews the exact text and number, sends it, and refreshes the patient list', async () => {
    const user = userEvent.setup();
    const preview = previewMock();
    const send = inviteMock('INVITED');
    const invited = patientEdge('p-sam', 'Sam Smith', {
      status: 'INVITED',
      channel: 'SMS',
      mobile: '+447911123456',
    });
    const dialog = await openSmsTab(user, [
      patientsMock({}, []),
      preview.mock,
      send.mock,
      patientsMock({}, [invited]),
    ]);
    expect(within(dialog).getByRole('radio', { name: '7 days' })).toHaveProperty('checked', true);

    await fill(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Preview text message' }));

    const card = await within(dialog).findByRole('region', { name: 'Text message preview' });
    expect(within(card).getByText('To +44 7911 123456')).toBeTruthy();
    expect(
      within(card).getByText((_, el) => el?.tagName === 'P' && el.textContent === TEXT),
    ).toBeTruthy();
    expect(within(card).getByText('2 SMS parts')).toBeTruthy();
    expect(within(card).getByText(/201 characters/)).toBeTruthy();
    expect(send.answer).not.toHaveBeenCalled();

    await user.click(within(dialog).getByRole('button', { name: 'Send text message' }));
    const status = await within(dialog).findByRole('status');
    expect(status.textContent).toContain('Invited');
    expect(status.textContent).toContain('Sam Smith gets a text message at +44 7911 123456');
    expect(send.answer).toHaveBeenCalledTimes(1);

    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Invite patients' })).toBeNull(),
    );
    const list = await screen.findByRole('table', { name: `Patients of ${DIABETES.name}` });
    expect(within(list).getByRole('row', { name: /Sam Smith/ })).toBeTruthy();
  });

  it('goes back to the form with “Edit”, keeping what was typed, and says when the patient is already invited', async () => {
    const user = userEvent.setup();
    const dialog = await openSmsTab(user, [
      patientsMock({}, []),
      previewMock().mock,
      previewMock().mock,
      inviteMock('ALREADY_PENDING', 'Already invited; you can resend it.').mock,
    ]);
    await fill(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Preview text message' }));
    await user.click(await within(dialog).findByRole('button', { name: 'Edit' }));
    expect(within(dialog).getByRole('textbox', { name: 'First name' })).toHaveProperty(
      'value',
      'Sam',
    );
    expect(within(dialog).getByRole('textbox', { name: /Mobile number/ })).toHaveProperty(
      'value',
      '07911 123456',
    );

    await user.click(within(dialog).getByRole('button', { name: 'Preview text message' }));
    await user.click(await within(dialog).findByRole('button', { name: 'Send text message' }));
    const status = await within(dialog).findByRole('status');
    expect(status.textContent).toContain('Already invited');
    expect(status.textContent).toContain('Already invited; you can resend it.');
  });

  it('shows an invalid number under the field and asks for the names before calling the API', async () => {
    const user = userEvent.setup();
    const refusal = vi.fn(() => ({
      errors: [
        { message: 'bad', extensions: { code: 'INVALID_PHONE', details: { field: 'mobile' } } },
      ],
    }));
    const dialog = await openSmsTab(user, [
      patientsMock({}, []),
      {
        request: { query: PatientSmsPreviewQuery, variables: { input: input('12345') } },
        result: refusal,
      },
    ]);

    await user.click(within(dialog).getByRole('button', { name: 'Preview text message' }));
    expect(within(dialog).getByText('Enter the patient’s first name.')).toBeTruthy();
    expect(within(dialog).getByText('Enter a mobile number.')).toBeTruthy();
    expect(refusal).not.toHaveBeenCalled();

    await fill(user, dialog, '12345');
    await user.click(within(dialog).getByRole('button', { name: 'Preview text message' }));
    const message = await within(dialog).findByText(
      'That is not a valid mobile number. Include the country code if it is not a local number.',
    );
    expect(
      within(dialog)
        .getByRole('textbox', { name: /Mobile number/ })
        .getAttribute('aria-describedby'),
    ).toContain(message.id);
    expect(within(dialog).queryByRole('region', { name: 'Text message preview' })).toBeNull();
  });
});
