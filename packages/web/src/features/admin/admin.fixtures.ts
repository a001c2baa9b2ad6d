import type {
  AdminDeploymentFieldsFragment,
  AdminOrganisationFieldsFragment,
} from '../../gql/graphql';

export function organisationData(patch: Partial<AdminOrganisationFieldsFragment> = {}) {
  return {
    __typename: 'Organisation' as const,
    id: 'org-northwind',
    name: 'Northwind Health',
    kind: 'CLINICAL_TRIAL' as const,
    enrolmentTarget: 500,
    completionTarget: 400,
    legalLinks: {
      __typename: 'LegalLinks' as const,
      termsOfUseUrl: 'https://northwind.example/terms',
      privacyPolicyUrl: null,
      contactUrl: null,
    },
    archivedAt: null,
    createdAt: '2026-01-05T10:00:00.000Z',
    viewerCan: {
      __typename: 'OrganisationViewerCan' as const,
      edit: true,
      archive: true,
      restore: false,
      delete: false,
      createDeployment: true,
      inviteStaff: true,
    },
    ...patch,
  };
}

export function deploymentData(patch: Partial<AdminDeploymentFieldsFragment> = {}) {
  return {
    __typename: 'Deployment' as const,
    id: 'dep-heart',
    name: 'Heart failure',
    status: 'ACTIVE' as const,
    organisationId: 'org-northwind',
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
      configure: true,
      archive: true,
      restore: false,
      inviteStaff: true,
    },
    ...patch,
  };
}

export const refusal = (code: string, details?: Record<string, unknown>) => ({
  errors: [{ message: `server says ${code}`, extensions: { code, details } }],
});
