import { Button, Center } from '@mantine/core';
import { useState } from 'react';

export interface LoadMoreProps {
  hasNextPage: boolean;
  /** Fetches the next page; the button shows a spinner until it settles. */
  onLoadMore: () => Promise<unknown>;
}

/** "Load more" under a cursor-paginated list; hidden on the last page. */
export function LoadMore({ hasNextPage, onLoadMore }: LoadMoreProps) {
  const [loading, setLoading] = useState(false);
  if (!hasNextPage) return null;
  return (
    <Center mt="md">
      <Button
        variant="default"
        loading={loading}
        onClick={() => {
          setLoading(true);
          onLoadMore().finally(() => setLoading(false));
        }}
      >
        Load more
      </Button>
    </Center>
  );
}
