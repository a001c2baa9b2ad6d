import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconDoorEnter } from '@tabler/icons-react';

/** The Porter wordmark: a door (people coming in) and the name. */
export function Wordmark({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const large = size === 'lg';
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={large ? 36 : 30} radius="md" variant="filled" aria-hidden>
        <IconDoorEnter size={large ? 22 : 18} stroke={1.8} />
      </ThemeIcon>
      <Text component="span" fw={700} fz={large ? 26 : 20} lts={-0.3} c="dark.7">
        Porter
      </Text>
    </Group>
  );
}
