import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ScopeState } from '../../app/scope-context';
import { DIABETES, HEART, ORG, viewers } from '../../test/fixtures';
import { scopeMock, viewerMock } from '../../test/mocks';
import { patientsMock } from '../../test/patients';
import { renderRoutes } from '../../test/render';
import { CreatePatientInviteLinkMutation } from './invite-links-api';
import { inviteLink, QR_PNG, QR_SVG } from './invite-links.fixtures';
import { InviteLinkTab } from './InviteLinkTab';

const SCOPE: ScopeState = {
  scope: { organisationId: ORG.id, deploymentId: DIABETES.id },
  organisation: ORG,
  deployment: { id: DIABETES.id, name: DIABETES.name, status: 'ACTIVE' },
  deployments: [{ id: DIABETES.id, name: DIABETES.name, status: 'ACTIVE' }],
};
const LINKS_PATH = `/o/${ORG.id}/d/${DIABETES.id}/invite-links`;

function createMock(input: Record<string, unknown>, link = inviteLink('l-new')) {
  const answer = vi.fn(() => ({ data: { createPatientInviteLink: link } }));
  return {
    mock: {
      request: {
        query: CreatePatientInviteLinkMutation,
        variables: { input: { organisationId: ORG.id, deploymentId: DIABETES.id, ...input } },
      },
      result: answer,
    },
    answer,
  };
}

function renderTab(mocks: unknown[], onClose = vi.fn()) {
  renderRoutes({
    path: '/tab',
    mocks: mocks as never,
    routes: [
      { path: '/tab', element: <InviteLinkTab scope={SCOPE} onClose={onClose} /> },
      { path: LINKS_PATH, element: <p>The links page</p> },
    ],
  });
  return onClose;
}

describe('InviteLinkTab', () => {
  it('creates a link with the chosen expiry, maximum uses and label, then offers copy, QR code and downloads', async () => {
    const user = userEvent.setup();
    const created = inviteLink('l-new', { label: 'Clinic poster', maxUses: 10, expiryHours: 24 });
    const { mock, answer } = createMock(
      { expiryHours: 24, maxUses: 10, label: 'Clinic poster' },
      created,
    );
    renderTab([mock]);

    await user.click(screen.getByRole('radio', { name: '24 hours' }));
    await user.type(screen.getByRole('textbox', { name: 'Maximum uses' }), '10');
    await user.type(screen.getByRole('textbox', { name: 'Label' }), ' Clinic poster ');
    await user.click(screen.getByRole('button', { name: 'Create link' }));

    const field = await screen.findByRole('textbox', { name: 'Invite link' });
    expect(answer).toHaveBeenCalledTimes(1);
    expect((field as HTMLInputElement).value).toBe(created.url);
    expect(field.hasAttribute('readonly')).toBe(true);
    expect(screen.getByRole('button', { name: 'Copy link' })).toBeTruthy();
    expect(screen.getByText(/up to 10 people/)).toBeTruthy();

    const qr = screen.getByRole('img', { name: 'QR code for the invite link' });
    expect(qr.getAttribute('src')).toBe(
      `data:image/svg+xml;charset=utf-8,${encodeURIComponent(QR_SVG)}`,
    );
    const png = screen.getByRole('link', { name: 'Download PNG' });
    expect(png.getAttribute('href')).toBe(QR_PNG);
    expect(png.getAttribute('download')).toBe('clinic-poster-qr.png');
    const svg = screen.getByRole('link', { name: 'Download SVG' });
    expect(svg.getAttribute('href')).toBe(qr.getAttribute('src'));
    expect(svg.getAttribute('download')).toBe('clinic-poster-qr.svg');
    expect(screen.getByRole('link', { name: 'All invite links' }).getAttribute('href')).toBe(
      LINKS_PATH,
    );
  });

  it('sends no limit and no label by default, with the 7-day expiry', async () => {
    const user = userEvent.setup();
    const { mock, answer } = createMock({ expiryHours: 168, maxUses: null, label: null });
    const onClose = renderTab([mock]);
    await user.click(screen.getByRole('button', { name: 'Create link' }));
    await screen.findByRole('textbox', { name: 'Invite link' });
    expect(answer).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(onClose).toHaveBeenCalled();
  });

  it('refuses a maximum above 100,000 before asking the server, and shows the server’s refusal', async () => {
    const user = userEvent.setup();
    const refused = {
      request: {
        query: CreatePatientInviteLinkMutation,
        variables: {
          input: {
            organisationId: ORG.id,
            deploymentId: DIABETES.id,
            expiryHours: 168,
            maxUses: null,
            label: null,
          },
        },
      },
      result: { errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] },
    };
    renderTab([refused]);
    const max = screen.getByRole('textbox', { name: 'Maximum uses' });
    await user.type(max, '100001');
    expect(await screen.findByText('Between 1 and 100,000.')).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Create link' }).disabled).toBe(
      true,
    );
    await user.clear(max);
    await user.click(screen.getByRole('button', { name: 'Create link' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('The link was not created')).toBeTruthy();
  });

  it('is the "Invite link" tab of the Invite patients dialog', async () => {
    const user = userEvent.setup();
    renderRoutes({
      path: `/o/${ORG.id}/d/${DIABETES.id}/patients`,
      mocks: [
        viewerMock(viewers.deploymentStaff),
        scopeMock([DIABETES, HEART]),
        patientsMock({}, []),
      ],
    });
    await user.click(await screen.findByRole('button', { name: 'Invite patients' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invite patients' });
    await user.click(within(dialog).getByRole('tab', { name: 'Invite link' }));
    await waitFor(() =>
      expect(within(dialog).getByRole('button', { name: 'Create link' })).toBeTruthy(),
    );
    expect(within(dialog).getByRole('radiogroup', { name: 'Link expires after' })).toBeTruthy();
  });
});
