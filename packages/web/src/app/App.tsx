import type { ApolloClient } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { flushSync } from 'react-dom';
import { RouterProvider, type createBrowserRouter } from 'react-router';
import { theme } from './theme';

export interface AppProps {
  client: ApolloClient;
  router: ReturnType<typeof createBrowserRouter>;
}

/** Providers, outermost first: theme, notifications, modals, Apollo, then the router. */
export function App({ client, router }: AppProps) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      {/* Bottom right: at the top they covered the account menu. */}
      <Notifications position="bottom-right" />
      <ModalsProvider>
        <ApolloProvider client={client}>
          <RouterProvider router={router} flushSync={flushSync} />
        </ApolloProvider>
      </ModalsProvider>
    </MantineProvider>
  );
}
