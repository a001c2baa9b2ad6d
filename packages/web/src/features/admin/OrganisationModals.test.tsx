import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderRoutes } from '../../test/render';
import { organisationData, refusal } from './admin.fixtures';
import {
  ArchiveOrganisationMutation,
  CreateOrganisationMutation,
  DeleteOrganisationMutation,
  UpdateOrganisationMutation,
} from './admin-api';
import {
  ArchiveOrganisationModal,
  DeleteOrganisationModal,
  OrganisationFormModal,
} from './OrganisationModals';

const created = organisationData();
const input = {
  name: 'Northwind Health',
  kind: 'CLINICAL_TRIAL',
  enrolmentTarget: 500,
  completionTarget: 400,
  termsOfUseUrl: 'https://northwind.example/terms',
  privacyPolicyUrl: null,
  contactUrl: null,
};

function render(
  element: React.ReactElement,
  mocks: Parameters<typeof renderRoutes>[0]['mocks'] = [],
) {
  return renderRoutes({ path: '/', routes: [{ path: '/', element }], mocks });
}

describe('OrganisationFormModal', () => {
  it('creates an organisation, checking the legal links before anything is sent', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    const result = vi.fn(() => ({ data: { createOrganisation: created } }));
    render(<OrganisationFormModal opened organisation={null} onClose={onClose} />, [
      { request: { query: CreateOrganisationMutation, variables: { input } }, result },
    ]);
    const dialog = await screen.findByRole('dialog', { name: 'New organisation' });
    await user.type(within(dialog).getByRole('textbox', { name: /Name/ }), 'Northwind Health');
    await user.click(within(dialog).getByRole('radio', { name: 'Clinical trial' }));
    await user.type(within(dialog).getByRole('textbox', { name: /Enrolment target/ }), '500');
    await user.type(within(dialog).getByRole('textbox', { name: /Completion target/ }), '400');
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Terms of use' }),
      'northwind terms',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Create organisation' }));
    expect(
      within(dialog).getByText('Enter a full web address starting with https://.'),
    ).toBeTruthy();
    expect(result).not.toHaveBeenCalled();

    await user.clear(within(dialog).getByRole('textbox', { name: 'Terms of use' }));
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Terms of use' }),
      'https://northwind.example/terms',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Create organisation' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(result).toHaveBeenCalledTimes(1);
  });

  it('refuses a completion target above the enrolment target in the browser', async () => {
    const user = userEvent.setup();
    render(<OrganisationFormModal opened organisation={null} onClose={() => {}} />);
    const dialog = await screen.findByRole('dialog', { name: 'New organisation' });
    await user.type(within(dialog).getByRole('textbox', { name: /Name/ }), 'Northwind');
    await user.type(within(dialog).getByRole('textbox', { name: /Enrolment target/ }), '10');
    await user.type(within(dialog).getByRole('textbox', { name: /Completion target/ }), '20');
    await user.click(within(dialog).getByRole('button', { name: 'Create organisation' }));
    expect(
      within(dialog).getByText('The completion target cannot be above the enrolment target.'),
    ).toBeTruthy();
  });

  it('edits an organisation and shows the API’s refusal under the field it names', async () => {
    const user = userEvent.setup();
    const organisation = organisationData();
    render(<OrganisationFormModal opened organisation={organisation} onClose={() => {}} />, [
      {
        request: {
          query: UpdateOrganisationMutation,
          variables: { id: organisation.id, input: { ...input, name: 'Northwind Care' } },
        },
        result: refusal('BAD_USER_INPUT', { field: 'termsOfUseUrl' }),
      },
    ]);
    const dialog = await screen.findByRole('dialog', { name: 'Edit organisation' });
    const name = within(dialog).getByRole('textbox', { name: /Name/ });
    expect(name).toHaveProperty('value', 'Northwind Health');
    await user.clear(name);
    await user.type(name, 'Northwind Care');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText('Enter a full web address starting with https://.'),
    ).toBeTruthy();
  });
});

describe('ArchiveOrganisationModal', () => {
  it('says what archiving means and archives on confirmation', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    const organisation = organisationData();
    const result = vi.fn(() => ({
      data: { archiveOrganisation: { ...organisation, archivedAt: '2026-02-01T10:00:00.000Z' } },
    }));
    render(<ArchiveOrganisationModal organisation={organisation} onClose={onClose} />, [
      {
        request: { query: ArchiveOrganisationMutation, variables: { id: organisation.id } },
        result,
      },
    ]);
    const dialog = await screen.findByRole('dialog', { name: 'Archive organisation?' });
    expect(dialog.textContent).toContain('disappears for its members at once');
    await user.click(within(dialog).getByRole('button', { name: 'Archive' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(result).toHaveBeenCalledTimes(1);
  });
});

describe('DeleteOrganisationModal', () => {
  it('deletes only once the organisation’s name is typed exactly', async () => {
    const user = userEvent.setup();
    const onDeleted = vi.fn();
    const organisation = organisationData({
      viewerCan: { ...organisationData().viewerCan, delete: true },
    });
    const result = vi.fn(() => ({ data: { deleteOrganisation: organisation.id } }));
    render(
      <DeleteOrganisationModal
        organisation={organisation}
        onClose={() => {}}
        onDeleted={onDeleted}
      />,
      [
        {
          request: {
            query: DeleteOrganisationMutation,
            variables: { id: organisation.id, confirmName: 'Northwind Health' },
          },
          result,
        },
      ],
    );
    const dialog = await screen.findByRole('dialog', { name: 'Delete organisation' });
    const button = within(dialog).getByRole('button', { name: 'Delete organisation' });
    const field = within(dialog).getByRole('textbox', { name: /to confirm/ });
    await user.type(field, 'northwind health');
    expect(button).toHaveProperty('disabled', true);
    await user.clear(field);
    await user.type(field, 'Northwind Health');
    expect(button).toHaveProperty('disabled', false);
    await user.click(button);
    await waitFor(() => expect(onDeleted).toHaveBeenCalled());
    expect(result).toHaveBeenCalledTimes(1);
  });

  it('words a refusal from its code', async () => {
    const user = userEvent.setup();
    const organisation = organisationData();
    render(<DeleteOrganisationModal organisation={organisation} onClose={() => {}} />, [
      {
        request: {
          query: DeleteOrganisationMutation,
          variables: { id: organisation.id, confirmName: 'Northwind Health' },
        },
        result: refusal('FORBIDDEN'),
      },
    ]);
    const dialog = await screen.findByRole('dialog', { name: 'Delete organisation' });
    await user.type(
      within(dialog).getByRole('textbox', { name: /to confirm/ }),
      'Northwind Health',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Delete organisation' }));
    expect(await within(dialog).findByText('You do not have permission to do that.')).toBeTruthy();
  });
});
