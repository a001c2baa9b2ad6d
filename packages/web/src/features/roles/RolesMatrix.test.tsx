import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../../test/render';
import { RolesMatrix, type MatrixPermission, type MatrixRole } from './RolesMatrix';

const permissions: MatrixPermission[] = [
  {
    key: 'patient:view',
    label: 'View patient data',
    description: 'See patient data.',
    group: 'Patients',
  },
  { key: 'staff:view', label: 'View staff list', description: 'See staff.', group: 'Staff' },
  {
    key: 'audit:view',
    label: 'View audit log',
    description: 'Read the audit log.',
    group: 'Staff',
  },
];

const roles: MatrixRole[] = [
  {
    id: 'r-contributor',
    name: 'Contributor',
    description: 'Views patients.',
    isDefault: true,
    permissions: ['patient:view'],
  },
  {
    id: 'r-reviewer',
    name: 'Reviewer',
    description: 'Reads the audit log.',
    isDefault: false,
    permissions: ['patient:view', 'audit:view'],
  },
];

/** The cell where a permission's row meets a role's column. */
function cell(permissionLabel: string, roleName: string) {
  const headers = screen.getAllByRole('columnheader');
  const column = headers.findIndex((h) => within(h).queryByText(roleName));
  expect(column, `column for ${roleName}`).toBeGreaterThan(0);
  const row = screen.getByRole('rowheader', { name: new RegExp(permissionLabel) }).closest('tr');
  if (!row) throw new Error(`no row for ${permissionLabel}`);
  const cells = row.querySelectorAll('th, td');
  const found = cells[column];
  if (!(found instanceof HTMLElement)) throw new Error('no cell');
  return found;
}

describe('RolesMatrix', () => {
  it('marks a held permission with a check and leaves a missing one empty', () => {
    renderUi(<RolesMatrix roles={roles} permissions={permissions} />);

    expect(
      within(cell('View audit log', 'Reviewer')).getByRole('img', { name: 'Held' }),
    ).toBeTruthy();
    const missing = cell('View audit log', 'Contributor');
    expect(within(missing).queryByRole('img', { name: 'Held' })).toBeNull();
    expect(within(missing).getByText('Not held')).toBeTruthy();
    expect(
      within(cell('View patient data', 'Contributor')).getByRole('img', { name: 'Held' }),
    ).toBeTruthy();
  });

  it('heads each column with the role name and marks default roles', () => {
    renderUi(<RolesMatrix roles={roles} permissions={permissions} />);
    const contributor = screen
      .getAllByRole('columnheader')
      .find((h) => within(h).queryByText('Contributor'));
    const reviewer = screen
      .getAllByRole('columnheader')
      .find((h) => within(h).queryByText('Reviewer'));
    expect(contributor && within(contributor).queryByText('Default')).toBeTruthy();
    expect(reviewer && within(reviewer).queryByText('Default')).toBeNull();
  });

  it('groups permissions under their catalogue group, in catalogue order', () => {
    renderUi(<RolesMatrix roles={roles} permissions={[...permissions].reverse()} />);
    const groupHeaders = screen
      .getAllByRole('columnheader')
      .filter((h) => h.getAttribute('scope') === 'colgroup');
    expect(groupHeaders.map((h) => h.textContent)).toEqual(['Patients', 'Staff']);
  });
});
