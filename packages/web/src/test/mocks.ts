import { AppShellScopeQuery } from '../app/AppLayout';
import { CurrentViewerQuery } from '../app/viewer';
import { type DIABETES, ORG, type viewers } from './fixtures';

export type TestViewer = (typeof viewers)[keyof typeof viewers];

/** `viewer` as the auth guard asks for it; null means signed out. */
export function viewerMock(viewer: TestViewer | null) {
  return { request: { query: CurrentViewerQuery }, result: { data: { viewer } } };
}

/** The shell's check of the organisation in the URL, answering with these deployments. */
export function scopeMock(deployments: (typeof DIABETES)[]) {
  return {
    request: { query: AppShellScopeQuery, variables: { organisationId: ORG.id } },
    result: {
      data: {
        organisation: { __typename: 'Organisation' as const, ...ORG },
        deployments: deployments.map((d) => ({
          __typename: 'Deployment' as const,
          id: d.id,
          name: d.name,
          status: 'ACTIVE',
        })),
      },
    },
  };
}

export function pageInfo(endCursor: string | null, hasNextPage: boolean) {
  return { __typename: 'PageInfo' as const, endCursor, hasNextPage };
}
