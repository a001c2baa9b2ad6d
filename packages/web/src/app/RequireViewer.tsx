import { useQuery } from '@apollo/client/react';
import { Button, Center, Loader, Stack } from '@mantine/core';
import { useMemo } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorAlert } from '../ui/ErrorAlert';
import { CurrentViewerQuery, toViewerData, ViewerContext } from './viewer';

/** The auth guard: loads the viewer once; signed-out visitors go to /sign-in with a way back. */
export function RequireViewer() {
  const location = useLocation();
  const { data, loading, error, refetch } = useQuery(CurrentViewerQuery);
  const fragment = data?.viewer;
  const viewer = useMemo(() => (fragment ? toViewerData(fragment) : null), [fragment]);

  if (!data && loading) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading Porter" />
      </Center>
    );
  }
  if (!data && error) {
    return (
      <Center h="100vh" p="md">
        <Stack maw={420}>
          <ErrorAlert error={error} title="Porter could not start" />
          <Button variant="default" onClick={() => void refetch()}>
            Try again
          </Button>
        </Stack>
      </Center>
    );
  }
  if (!viewer) {
    const here = location.pathname + location.search;
    return (
      <Navigate
        to={here === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(here)}`}
        replace
      />
    );
  }
  return (
    <ViewerContext.Provider value={viewer}>
      <Outlet />
    </ViewerContext.Provider>
  );
}
