import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { renderRoutes } from '../../test/render';
import { AdminOrganisationNameQuery, AdminOrganisationOptionsQuery } from './admin-api';
import { ORGANISATION_OPTIONS, OrganisationPicker } from './OrganisationPicker';

const org = (id: string, name: string) => ({ __typename: 'Organisation' as const, id, name });
const options = (search: string | null, nodes: ReturnType<typeof org>[]) => ({
  request: {
    query: AdminOrganisationOptionsQuery,
    variables: { search, first: ORGANISATION_OPTIONS },
  },
  result: { data: { organisations: { __typename: 'OrganisationConnection' as const, nodes } } },
});

let chosen: string | null = null;
function Harness({ initial }: { initial: string | null }) {
  const [value, setValue] = useState<string | null>(initial);
  return (
    <OrganisationPicker
      label="Organisation"
      placeholder="All organisations"
      clearable
      value={value}
      onChange={(v) => {
        chosen = v;
        setValue(v);
      }}
    />
  );
}

const render = (initial: string | null, mocks: Parameters<typeof renderRoutes>[0]['mocks']) =>
  renderRoutes({
    path: '/',
    routes: [{ path: '/', element: <Harness initial={initial} /> }],
    mocks,
  });

describe('OrganisationPicker', () => {
  it('asks the server for organisations matching what is typed, beyond the first page of names', async () => {
    const user = userEvent.setup();
    render(null, [
      options(null, [org('o-1', 'Alder Clinic'), org('o-2', 'Birch Hospital')]),
      options('Zeph', [org('o-999', 'Zephyr Care')]),
    ]);
    const input = await screen.findByRole('combobox', { name: 'Organisation' });
    await user.click(input);
    await screen.findByRole('option', { name: 'Alder Clinic' });
    await user.type(input, 'Zeph');
    await user.click(await screen.findByRole('option', { name: 'Zephyr Care' }));
    expect(chosen).toBe('o-999');
    expect(screen.queryByRole('option', { name: 'Alder Clinic' })).toBeNull();
  });

  it('shows the name of an organisation chosen before (from the URL) that is not among the first matches', async () => {
    render('o-999', [
      options(null, [org('o-1', 'Alder Clinic')]),
      {
        request: { query: AdminOrganisationNameQuery, variables: { id: 'o-999' } },
        result: { data: { organisation: org('o-999', 'Zephyr Care') } },
      },
    ]);
    const input = await screen.findByRole<HTMLInputElement>('combobox', {
      name: 'Organisation',
    });
    await waitFor(() => expect(input.value).toBe('Zephyr Care'));
  });
});
