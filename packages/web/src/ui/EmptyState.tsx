import { EmptyState as MantineEmptyState } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export interface EmptyStateProps {
  title: ReactNode;
  description?: ReactNode;
  icon?: ReactNode;
  children?: ReactNode;
}

/** What a list shows when it has nothing in it. */
export function EmptyState({ title, description, icon, children }: EmptyStateProps) {
  return (
    <MantineEmptyState
      py="xl"
      size="sm"
      withIndicatorBackground
      icon={icon ?? <IconInbox size={26} stroke={1.5} />}
      title={title}
      description={description}
    >
      {children}
    </MantineEmptyState>
  );
}
