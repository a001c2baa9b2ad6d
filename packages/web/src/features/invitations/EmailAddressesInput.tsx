import { Button, Group, List, Pill, PillsInput, Stack, Text } from '@mantine/core';
import { isValidEmail } from '@porter/shared';
import { IconX } from '@tabler/icons-react';
import { useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { ADDRESS_SEPARATORS, mergeAddresses, splitAddresses } from './addresses';

export interface EmailAddressesInputProps {
  value: readonly string[];
  onChange: (addresses: string[]) => void;
}

/**
 * Addresses as chips. Enter, comma, semicolon, space and new line finish an address; pasting a
 * list adds all of it. Addresses that are not valid are red and listed below, each with a way to
 * remove it. (A plain text field inside a pills input, not Mantine's TagsInput: that one is a
 * combobox, and there is nothing to choose from here.)
 */
export function EmailAddressesInput({ value, onChange }: EmailAddressesInputProps) {
  const [draft, setDraft] = useState('');
  const invalid = value.filter((a) => !isValidEmail(a));
  const validCount = value.length - invalid.length;

  function add(text: string) {
    const incoming = splitAddresses(text);
    if (incoming.length > 0) onChange(mergeAddresses(value, incoming));
  }

  function remove(address: string) {
    onChange(value.filter((a) => a !== address));
  }

  function change(text: string) {
    // A separator typed (or dropped in) finishes everything before it; the rest stays in the field.
    const match = /[\s\S]*[,;\s]/.exec(text);
    if (match && ADDRESS_SEPARATORS.test(text)) {
      add(match[0]);
      setDraft(text.slice(match[0].length));
    } else setDraft(text);
  }

  function keyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      // Never submits anything: Enter only finishes the address being typed.
      event.preventDefault();
      add(draft);
      setDraft('');
    } else if (event.key === 'Backspace' && draft === '' && value.length > 0) {
      event.preventDefault();
      onChange(value.slice(0, -1));
    }
  }

  function paste(event: ClipboardEvent<HTMLInputElement>) {
    const text = event.clipboardData.getData('text/plain');
    if (!text) return;
    event.preventDefault();
    add(draft + text);
    setDraft('');
  }

  const count =
    value.length === 0
      ? null
      : `${validCount === 1 ? '1 address' : `${validCount} addresses`}${invalid.length > 0 ? `, ${invalid.length} not valid` : ''}`;

  return (
    <Stack gap={6}>
      <PillsInput
        label="Email addresses"
        description="Type or paste addresses, separated by commas, spaces or new lines."
        error={
          invalid.length > 0
            ? `${invalid.length === 1 ? 'One address is' : `${invalid.length} addresses are`} not valid.`
            : undefined
        }
      >
        <Pill.Group>
          {value.map((address) => {
            const valid = isValidEmail(address);
            return (
              <Pill
                key={address}
                withRemoveButton
                onRemove={() => remove(address)}
                title={valid ? address : `${address}: not a valid email`}
                bg={valid ? undefined : 'red.1'}
                c={valid ? undefined : 'red.9'}
                data-invalid={valid ? undefined : true}
              >
                {address}
              </Pill>
            );
          })}
          <PillsInput.Field
            value={draft}
            onChange={(e) => change(e.currentTarget.value)}
            onKeyDown={keyDown}
            onPaste={paste}
            onBlur={() => {
              add(draft);
              setDraft('');
            }}
            placeholder={value.length === 0 ? 'name@example.org, another@example.org' : undefined}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            inputMode="email"
          />
        </Pill.Group>
      </PillsInput>
      {count && (
        <Text size="xs" c="dimmed" aria-live="polite">
          {count}
        </Text>
      )}
      {invalid.length > 0 && (
        <Stack gap={4}>
          <List
            size="sm"
            spacing={2}
            listStyleType="none"
            aria-label="Addresses that are not valid"
          >
            {invalid.map((address) => (
              <List.Item key={address}>
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm" c="red.8" style={{ wordBreak: 'break-all' }}>
                    <strong>{address}</strong> · Not a valid email
                  </Text>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    leftSection={<IconX size={12} aria-hidden />}
                    aria-label={`Remove ${address}`}
                    onClick={() => remove(address)}
                  >
                    Remove
                  </Button>
                </Group>
              </List.Item>
            ))}
          </List>
          {invalid.length > 1 && (
            <Group>
              <Button
                size="compact-sm"
                variant="light"
                color="red"
                onClick={() => onChange(value.filter(isValidEmail))}
              >
                Remove all addresses that are not valid
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Stack>
  );
}
