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

export type ViewerData = RequireViewer_ViewerFragment;

export const ViewerContext = createContext<ViewerData | null>(null);

/** The signed-in viewer; only usable below the auth guard. */
export function useViewer(): ViewerData {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer() needs the auth guard above it');
  return viewer;
}
