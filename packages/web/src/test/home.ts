import { OrganisationHomePageQuery } from '../features/home/OrganisationHomePage';
import { DIABETES, HEART, ORG } from './fixtures';

/** The organisation home's query for ORG, with Diabetes and Heart and the viewer's permissions in each. */
export function homeMock(permissions: Record<string, string[]>, can: Record<string, boolean> = {}) {
  return {
    request: { query: OrganisationHomePageQuery, variables: { organisationId: ORG.id } },
    result: {
      data: {
        organisation: {
          __typename: 'Organisation' as const,
          ...ORG,
          kind: 'REMOTE_PATIENT_MONITORING',
          enrolmentTarget: null,
          completionTarget: null,
          legalLinks: {
            __typename: 'LegalLinks' as const,
            termsOfUseUrl: null,
            privacyPolicyUrl: null,
            contactUrl: null,
          },
          createdAt: '2026-01-05T10:00:00.000Z',
          archivedAt: null,
          viewerCan: {
            __typename: 'OrganisationViewerCan' as const,
            edit: false,
            archive: false,
            restore: false,
            delete: false,
            createDeployment: false,
            inviteStaff: true,
            ...can,
          },
        },
        deployments: [DIABETES, HEART].map((d, i) => ({
          __typename: 'Deployment' as const,
          id: d.id,
          name: d.name,
          status: 'ACTIVE',
          organisationId: ORG.id,
          createdAt: '2026-01-05T10:00:00.000Z',
          settings: {
            __typename: 'DeploymentSettings' as const,
            proxiesEnabled: true,
            offboardingEnabled: true,
            remindersEnabled: true,
            smsDefaultCountry: null,
          },
          viewerCan: {
            __typename: 'DeploymentViewerCan' as const,
            configure: false,
            archive: false,
            restore: false,
            inviteStaff: false,
          },
          viewerPermissions: permissions[d.id] ?? [],
          staffCount: 4 + i,
          patientCount: (permissions[d.id] ?? []).includes('patient:view') ? 120 + i : null,
        })),
      },
    },
  };
}
