import { isPermission, type Permission } from '@porter/shared';
import { createContext, useContext } from 'react';
import { graphql } from '../gql';
import type { RequireViewer_ViewerFragment } from '../gql/graphql';

export const VIEWER_FIELDS = graphql(`
  fragment RequireViewer_viewer on Viewer {
    id
    email
    mobile
    fullName
    isPlatformStaff
    scopes {
      scopeType
      permissions
      organisation {
        id
        name
      }
      deployment {
        id
        name
        organisationId
      }
    }
  }
`);

/** Who is signed in; null when signed out. Sign-in writes its result into this query's cache entry. */
export const CurrentViewerQuery = graphql(`
  query CurrentViewerQuery {
    viewer {
      ...RequireViewer_viewer
    }
  }
`);

/** The viewer as the API answers it (what sign-in and joining write into the cache). */
export type ViewerFragment = RequireViewer_ViewerFragment;

/**
 * The viewer as the SPA reads it: the API's answer with each scope's permissions narrowed to the
 * shared catalogue's keys, so `can(viewer, 'patient:manage', …)` is checked against the same
 * `Permission` type the API enforces. A key this build does not know cannot show anything.
 */
export type ViewerData = Omit<ViewerFragment, 'scopes'> & {
  scopes: (Omit<ViewerFragment['scopes'][number], 'permissions'> & {
    permissions: Permission[];
  })[];
};

export function toViewerData(viewer: ViewerFragment): ViewerData {
  return {
    ...viewer,
    scopes: viewer.scopes.map((s) => ({ ...s, permissions: s.permissions.filter(isPermission) })),
  };
}

export const ViewerContext = createContext<ViewerData | null>(null);

/** The signed-in viewer; only usable below the auth guard. */
export function useViewer(): ViewerData {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer() needs the auth guard above it');
  return viewer;
}
