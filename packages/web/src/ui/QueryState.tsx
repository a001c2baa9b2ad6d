import { Box, Skeleton, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert';

export interface QueryStateProps<T> {
  loading: boolean;
  error?: unknown;
  data: T | undefined;
  /** Rows of skeleton while loading. */
  skeletonRows?: number;
  /** Pad the skeleton and error, for use inside a Paper. */
  inset?: boolean;
  children: (data: T) => ReactNode;
}

/**
 * The three states of a query: skeleton while there is nothing yet, the shared error alert, or
 * the content. Data already on screen stays while a refetch runs.
 */
export function QueryState<T>({
  loading,
  error,
  data,
  skeletonRows = 4,
  inset = false,
  children,
}: QueryStateProps<T>) {
  const pad = inset ? 'md' : 0;
  if (data !== undefined) {
    return (
      <>
        {error ? (
          <Box p={pad} pb="md">
            <ErrorAlert error={error} />
          </Box>
        ) : null}
        {children(data)}
      </>
    );
  }
  if (error) {
    return (
      <Box p={pad}>
        <ErrorAlert error={error} />
      </Box>
    );
  }
  if (loading) {
    return (
      <Box p={pad}>
        <LoadingRows rows={skeletonRows} />
      </Box>
    );
  }
  return null;
}

export function LoadingRows({ rows = 4 }: { rows?: number }) {
  return (
    <Stack gap="sm" aria-busy="true" aria-label="Loading">
      <Skeleton height={28} width="40%" />
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={36} />
      ))}
    </Stack>
  );
}
