import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderRoutes } from '../../test/render';
import { deploymentData, refusal } from './admin.fixtures';
import {
  AdminOrganisationOptionsQuery,
  ArchiveDeploymentMutation,
  CreateDeploymentMutation,
  UpdateDeploymentMutation,
} from './admin-api';
import { ArchiveDeploymentModal, DeploymentFormModal } from './DeploymentModals';
import { ORGANISATION_OPTIONS } from './OrganisationPicker';

function render(
  element: React.ReactElement,
  mocks: Parameters<typeof renderRoutes>[0]['mocks'] = [],
) {
  return renderRoutes({ path: '/', routes: [{ path: '/', element }], mocks });
}

const organisation = { id: 'org-northwind', name: 'Northwind Health' };

describe('DeploymentFormModal', () => {
  it('creates a deployment in the organisation it was opened for, with its switches', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    const variables = {
      input: {
        organisationId: organisation.id,
        name: 'Heart failure',
        settings: {
          proxiesEnabled: false,
          offboardingEnabled: true,
          remindersEnabled: true,
          smsDefaultCountry: 'GB',
        },
      },
    };
    const result = vi.fn(() => ({ data: { createDeployment: deploymentData() } }));
    render(
      <DeploymentFormModal
        opened
        deployment={null}
        organisation={organisation}
        onClose={onClose}
      />,
      [{ request: { query: CreateDeploymentMutation, variables }, result }],
    );
    const dialog = await screen.findByRole('dialog', { name: 'New deployment' });
    expect(dialog.textContent).toContain('In Northwind Health');
    await user.type(within(dialog).getByRole('textbox', { name: /Name/ }), 'Heart failure');
    await user.click(within(dialog).getByRole('switch', { name: /Helpers/ }));
    await user.type(within(dialog).getByRole('textbox', { name: /Default SMS country/ }), 'gb');
    await user.click(within(dialog).getByRole('button', { name: 'Create deployment' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(result).toHaveBeenCalledTimes(1);
  });

  it('asks for the organisation when opened from the whole platform', async () => {
    const user = userEvent.setup();
    render(<DeploymentFormModal opened deployment={null} onClose={() => {}} />, [
      {
        request: {
          query: AdminOrganisationOptionsQuery,
          variables: { search: null, first: ORGANISATION_OPTIONS },
        },
        result: {
          data: {
            organisations: {
              __typename: 'OrganisationConnection',
              nodes: [{ __typename: 'Organisation', ...organisation }],
            },
          },
        },
      },
    ]);
    const dialog = await screen.findByRole('dialog', { name: 'New deployment' });
    await user.type(within(dialog).getByRole('textbox', { name: /Name/ }), 'Heart failure');
    await user.click(within(dialog).getByRole('button', { name: 'Create deployment' }));
    expect(within(dialog).getByText('Choose the organisation it belongs to.')).toBeTruthy();
  });

  it('configures a deployment and shows a country the API refuses under its field', async () => {
    const user = userEvent.setup();
    const deployment = deploymentData({
      settings: { ...deploymentData().settings, smsDefaultCountry: 'GB' },
    });
    const variables = {
      id: deployment.id,
      input: {
        name: 'Heart failure',
        settings: {
          proxiesEnabled: true,
          offboardingEnabled: false,
          remindersEnabled: true,
          smsDefaultCountry: 'XX',
        },
      },
    };
    render(<DeploymentFormModal opened deployment={deployment} onClose={() => {}} />, [
      {
        request: { query: UpdateDeploymentMutation, variables },
        result: refusal('BAD_USER_INPUT', { field: 'smsDefaultCountry' }),
      },
    ]);
    const dialog = await screen.findByRole('dialog', { name: 'Configure deployment' });
    const country = within(dialog).getByRole('textbox', { name: /Default SMS country/ });
    expect(country).toHaveProperty('value', 'GB');
    await user.click(within(dialog).getByRole('switch', { name: /Offboarding/ }));
    await user.clear(country);
    await user.type(country, '1');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      within(dialog).getByText('Use a two-letter country code such as GB or US.'),
    ).toBeTruthy();
    await user.clear(country);
    await user.type(country, 'xx');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText('Use a two-letter country code such as GB or US.'),
    ).toBeTruthy();
  });
});

describe('ArchiveDeploymentModal', () => {
  it('archives on confirmation, saying who loses access', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    const deployment = deploymentData();
    const result = vi.fn(() => ({
      data: { archiveDeployment: { ...deployment, status: 'ARCHIVED' } },
    }));
    render(<ArchiveDeploymentModal deployment={deployment} onClose={onClose} />, [
      { request: { query: ArchiveDeploymentMutation, variables: { id: deployment.id } }, result },
    ]);
    const dialog = await screen.findByRole('dialog', { name: 'Archive deployment?' });
    expect(dialog.textContent).toContain(
      'People who only work in Heart failure lose access to it at once.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Archive' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(result).toHaveBeenCalledTimes(1);
  });

  it('offers to restore an archived deployment', async () => {
    render(
      <ArchiveDeploymentModal
        deployment={deploymentData({ status: 'ARCHIVED' })}
        onClose={() => {}}
      />,
    );
    const dialog = await screen.findByRole('dialog', { name: 'Restore deployment?' });
    expect(within(dialog).getByRole('button', { name: 'Restore' })).toBeTruthy();
  });
});
