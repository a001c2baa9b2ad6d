import { Button, FileButton, Group, Stack, Text } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { addressesFromCsv, mergeAddresses } from './addresses';
import { EmailAddressesInput } from './EmailAddressesInput';

export interface AddressesWithCsvImportProps {
  value: readonly string[];
  onChange: (addresses: string[]) => void;
}

/** The email chips plus "Import CSV" (first column, header tolerated), as every invite dialog shows them. */
export function AddressesWithCsvImport({ value, onChange }: AddressesWithCsvImportProps) {
  const [imported, setImported] = useState<string | null>(null);
  const resetFile = useRef<() => void>(null);
  // Reading the file is asynchronous: merge into what is there when it is done, not when it started.
  const latest = useRef(value);
  latest.current = value;

  async function importFile(file: File | null) {
    resetFile.current?.();
    if (!file) return;
    const found = addressesFromCsv(await file.text());
    onChange(mergeAddresses(latest.current, found));
    setImported(
      `Imported ${found.length === 1 ? '1 address' : `${found.length} addresses`} from ${file.name}` +
        (found.length === 0 ? '. The first column of the file should hold email addresses.' : ''),
    );
  }

  return (
    <Stack gap="md">
      <EmailAddressesInput
        value={value}
        onChange={(next) => {
          onChange(next);
          if (next.length === 0) setImported(null);
        }}
      />
      <Group gap="sm" wrap="wrap">
        <FileButton
          onChange={(file) => void importFile(file)}
          accept=".csv,.txt,text/csv,text/plain"
          resetRef={resetFile}
          inputProps={{ 'aria-label': 'CSV file to import' }}
        >
          {(props) => (
            <Button
              {...props}
              variant="default"
              size="xs"
              leftSection={<IconFileImport size={16} aria-hidden />}
            >
              Import CSV
            </Button>
          )}
        </FileButton>
        <Text size="xs" c="dimmed">
          {imported ?? 'A .csv or .txt file with one email address per row, in the first column.'}
        </Text>
      </Group>
    </Stack>
  );
}
