import { Loader, Select, TextInput, type ComboboxData } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';

export interface SearchFieldProps {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  /** Shows a spinner while the list reloads for the new text. */
  searching: boolean;
  width: number;
}

/** The search box above a server-side list. */
export function SearchField({
  label,
  placeholder,
  value,
  onChange,
  searching,
  width,
}: SearchFieldProps) {
  return (
    <TextInput
      aria-label={label}
      placeholder={placeholder}
      leftSection={<IconSearch size={16} aria-hidden />}
      rightSection={searching ? <Loader size={14} aria-label="Searching" /> : null}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      w={{ base: '100%', sm: width }}
    />
  );
}

export interface FilterSelectProps<T extends string> {
  label: string;
  data: ComboboxData;
  value: T;
  /** Receives the chosen value; a filter always has one (its "all" option included). */
  onChange: (value: T) => void;
  width: number;
}

/** A single-choice filter above a server-side list. */
export function FilterSelect<T extends string>({
  label,
  data,
  value,
  onChange,
  width,
}: FilterSelectProps<T>) {
  return (
    <Select
      aria-label={label}
      data={data}
      value={value}
      onChange={(next) => next !== null && onChange(next as T)}
      allowDeselect={false}
      w={{ base: '100%', sm: width }}
    />
  );
}
