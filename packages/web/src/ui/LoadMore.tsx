import { Button, Center, Stack } from '@mantine/core';
import { useState } from 'react';

export interface LoadMoreProps {
  /** The connection's page info. */
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  /** Apollo's fetchMore of the list query; called with `after: endCursor`. */
  fetchMore: (options: { variables: { after: string | null } }) => Promise<unknown>;
}

/** "Load more" under a cursor-paginated list; hidden on the last page. */
export function LoadMore({ pageInfo, fetchMore }: LoadMoreProps) {
  const [loading, setLoading] = useState(false);
  if (!pageInfo.hasNextPage) return null;
  return (
    <Stack pb="md">
      <Center mt="md">
        <Button
          variant="default"
          loading={loading}
          onClick={() => {
            setLoading(true);
            // Fire and forget from a click: the page merges into the cache when it arrives; on a
            // failure the button comes back and the rejection is reported as unhandled, as before.
            void fetchMore({ variables: { after: pageInfo.endCursor ?? null } }).finally(() =>
              setLoading(false),
            );
          }}
        >
          Load more
        </Button>
      </Center>
    </Stack>
  );
}
