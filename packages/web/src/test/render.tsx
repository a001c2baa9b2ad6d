import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { createCache } from '../app/apollo';
import { routes as appRoutes } from '../app/routes';
import { theme } from '../app/theme';

export interface RenderOptions {
  /** Where the memory router starts. */
  path: string;
  mocks?: ReadonlyArray<MockLink.MockedResponse>;
  routes?: RouteObject[];
}

/**
 * Renders routes (the app's by default) with Mantine (notifications, modals), a mocked Apollo client and a memory router.
 * `env="test"` turns off Mantine transitions and the floating-ui visibility check jsdom cannot do.
 */
export function renderRoutes({ path, mocks = [], routes = appRoutes }: RenderOptions) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const result = render(
    <MantineProvider theme={theme} env="test">
      <Notifications />
      <ModalsProvider>
        <MockedProvider mocks={mocks} cache={createCache()}>
          <RouterProvider router={router} flushSync={flushSync} />
        </MockedProvider>
      </ModalsProvider>
    </MantineProvider>,
  );
  return { ...result, router };
}

/** Renders one element with Mantine only, for components that need no data or routing. */
export function renderUi(ui: ReactElement) {
  return render(
    <MantineProvider theme={theme} env="test">
      {ui}
    </MantineProvider>,
  );
}
