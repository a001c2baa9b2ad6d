import { graphql } from '../../gql';
import type { DeploymentStatus } from '../../gql/graphql';

/** What the organisation dialogs and rows need. */
export const AdminOrganisationFields = graphql(`
  fragment AdminOrganisationFields on Organisation {
    id
    name
    kind
    enrolmentTarget
    completionTarget
    legalLinks {
      termsOfUseUrl
      privacyPolicyUrl
      contactUrl
    }
    archivedAt
    createdAt
    viewerCan {
      edit
      archive
      restore
      delete
      createDeployment
      inviteStaff
    }
  }
`);

export const AdminDeploymentFields = graphql(`
  fragment AdminDeploymentFields on Deployment {
    id
    name
    status
    organisationId
    createdAt
    settings {
      proxiesEnabled
      offboardingEnabled
      remindersEnabled
      smsDefaultCountry
    }
    viewerCan {
      configure
      archive
      restore
      inviteStaff
    }
  }
`);

export const CreateOrganisationMutation = graphql(`
  mutation CreateOrganisationMutation($input: OrganisationInput!) {
    createOrganisation(input: $input) {
      ...AdminOrganisationFields
    }
  }
`);

export const UpdateOrganisationMutation = graphql(`
  mutation UpdateOrganisationMutation($id: ID!, $input: OrganisationInput!) {
    updateOrganisation(id: $id, input: $input) {
      ...AdminOrganisationFields
    }
  }
`);

export const ArchiveOrganisationMutation = graphql(`
  mutation ArchiveOrganisationMutation($id: ID!) {
    archiveOrganisation(id: $id) {
      ...AdminOrganisationFields
    }
  }
`);

export const RestoreOrganisationMutation = graphql(`
  mutation RestoreOrganisationMutation($id: ID!) {
    restoreOrganisation(id: $id) {
      ...AdminOrganisationFields
    }
  }
`);

export const DeleteOrganisationMutation = graphql(`
  mutation DeleteOrganisationMutation($id: ID!, $confirmName: String!) {
    deleteOrganisation(id: $id, confirmName: $confirmName)
  }
`);

export const CreateDeploymentMutation = graphql(`
  mutation CreateDeploymentMutation($input: CreateDeploymentInput!) {
    createDeployment(input: $input) {
      ...AdminDeploymentFields
    }
  }
`);

export const UpdateDeploymentMutation = graphql(`
  mutation UpdateDeploymentMutation($id: ID!, $input: UpdateDeploymentInput!) {
    updateDeployment(id: $id, input: $input) {
      ...AdminDeploymentFields
    }
  }
`);

export const ArchiveDeploymentMutation = graphql(`
  mutation ArchiveDeploymentMutation($id: ID!) {
    archiveDeployment(id: $id) {
      ...AdminDeploymentFields
    }
  }
`);

export const RestoreDeploymentMutation = graphql(`
  mutation RestoreDeploymentMutation($id: ID!) {
    restoreDeployment(id: $id) {
      ...AdminDeploymentFields
    }
  }
`);

/** Organisations whose name matches what is typed, for the organisation pickers (searched on the server). */
export const AdminOrganisationOptionsQuery = graphql(`
  query AdminOrganisationOptionsQuery($search: String, $first: Int!) {
    organisations(search: $search, first: $first) {
      nodes {
        id
        name
      }
    }
  }
`);

/** The name of the organisation a picker holds, when the matches do not include it. */
export const AdminOrganisationNameQuery = graphql(`
  query AdminOrganisationNameQuery($id: ID!) {
    organisation(id: $id) {
      id
      name
    }
  }
`);

/** After a change that adds, removes or moves rows: lists refetch when next shown. */
export function forgetAdminLists(cache: {
  evict(options: { id: string; fieldName: string }): boolean;
  gc(): string[];
}): void {
  for (const fieldName of ['organisations', 'deploymentPage', 'deployments'])
    cache.evict({ id: 'ROOT_QUERY', fieldName });
  cache.gc();
}

/** Badge colours of a deployment's status, wherever deployments are listed. */
export const DEPLOYMENT_STATUS_COLOURS: Record<DeploymentStatus, string> = {
  ACTIVE: 'teal',
  DRAFT: 'gray',
  ARCHIVED: 'orange',
};
