import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DIABETES, HEART, ORG, viewers } from '../../test/fixtures';
import { scopeMock, viewerMock } from '../../test/mocks';
import { renderRoutes } from '../../test/render';
import { OrganisationHomePageQuery } from './OrganisationHomePage';

function homeMock(permissions: Record<string, string[]>) {
  return {
    request: { query: OrganisationHomePageQuery, variables: { organisationId: ORG.id } },
    result: {
      data: {
        organisation: { __typename: 'Organisation' as const, ...ORG, kind: 'REMOTE_PATIENT_MONITORING', createdAt: '2026-01-05T10:00:00.000Z', archivedAt: null },
        deployments: [DIABETES, HEART].map((d) => ({
          __typename: 'Deployment' as const,
          id: d.id,
          name: d.name,
          status: 'ACTIVE',
          createdAt: '2026-01-05T10:00:00.000Z',
          viewerPermissions: permissions[d.id] ?? [],
        })),
      },
    },
  };
}

describe('OrganisationHomePage', () => {
  it('links each deployment whose patients the viewer may see to its pending patient invitations', async () => {
    renderRoutes({
      path: `/o/${ORG.id}`,
      mocks: [
        viewerMock(viewers.accessController),
        scopeMock([DIABETES, HEART]),
        homeMock({ [DIABETES.id]: ['patient:view', 'staff:view'], [HEART.id]: ['staff:view'] }),
      ],
    });
    const diabetes = (await screen.findByRole('link', { name: DIABETES.name })).closest('tr')!;
    expect(within(diabetes).getByRole('link', { name: 'Pending patient invitations' }).getAttribute('href')).toBe(
      `/o/${ORG.id}/d/${DIABETES.id}/patients?type=PENDING`,
    );
    const heart = screen.getByRole('link', { name: HEART.name }).closest('tr')!;
    expect(within(heart).queryByRole('link', { name: 'Pending patient invitations' })).toBeNull();
  });
});
