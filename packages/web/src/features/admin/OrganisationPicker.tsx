import { useQuery } from '@apollo/client/react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { AdminOrganisationNameQuery, AdminOrganisationOptionsQuery } from './admin-api';

/** How many matches the picker offers at once; typing narrows them on the server. */
export const ORGANISATION_OPTIONS = 20;

export interface OrganisationPickerProps {
  label: string;
  placeholder: string;
  value: string | null;
  onChange: (organisationId: string | null) => void;
  clearable?: boolean;
  error?: string;
  w?: number;
}

/**
 * Picks one organisation of however many there are: what is typed is searched on the server
 * (the first ORGANISATION_OPTIONS matches by name), and the chosen one keeps its name shown.
 */
export function OrganisationPicker({
  label,
  placeholder,
  value,
  onChange,
  clearable,
  error,
  w,
}: OrganisationPickerProps) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const { data, previousData } = useQuery(AdminOrganisationOptionsQuery, {
    variables: { search: debounced || null, first: ORGANISATION_OPTIONS },
  });
  const matches = (data ?? previousData)?.organisations.nodes ?? [];
  const known = !value || matches.some((o) => o.id === value);
  const { data: current } = useQuery(AdminOrganisationNameQuery, {
    variables: { id: value ?? '' },
    skip: known,
  });
  const options = [...matches];
  if (!known && current) options.unshift(current.organisation);

  return (
    <Select
      label={label}
      placeholder={placeholder}
      searchable
      clearable={clearable}
      // The server already filtered by name; the options shown are its answer.
      filter={({ options: all }) => all}
      searchValue={search}
      onSearchChange={setSearch}
      data={options.map((o) => ({ value: o.id, label: o.name }))}
      value={value}
      onChange={onChange}
      error={error}
      w={w}
      nothingFoundMessage={
        debounced ? `No organisation matches “${debounced}”.` : 'No organisations yet.'
      }
      comboboxProps={{ withinPortal: true }}
    />
  );
}
