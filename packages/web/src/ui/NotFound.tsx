import { Button } from '@mantine/core';
import { IconMapPinOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from './EmptyState';

/** Shown for unknown addresses and for scopes the viewer cannot enter: the two look the same on purpose. */
export function NotFound() {
  return (
    <EmptyState
      icon={<IconMapPinOff size={26} stroke={1.5} />}
      title="Page not found"
      description="That page does not exist, or you do not have access to it."
    >
      <Button component={Link} to="/" variant="light" mt="md">
        Go to your start page
      </Button>
    </EmptyState>
  );
}
