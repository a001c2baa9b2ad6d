import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';

/**
 * The cache: lists are Relay connections merged page by page for "Load more"; their filters are
 * the key arguments, so each search keeps its own list.
 */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          // `first` is a key too: the scope switcher's list of 100 must not mix with the admin page's pages.
          organisations: relayStylePagination(['search', 'includeArchived', 'first']),
          deploymentPage: relayStylePagination(['organisationId', 'search', 'includeArchived']),
          staffMembers: relayStylePagination([
            'organisationId',
            'deploymentId',
            'search',
            'roleId',
            'scopeType',
            'sort',
          ]),
          auditEvents: relayStylePagination(['organisationId', 'deploymentId', 'action', 'actor']),
          staffInvitations: relayStylePagination([
            'organisationId',
            'deploymentId',
            'search',
            'status',
            'roleId',
            'sort',
          ]),
          // Patients and their pending invitations (type PENDING) page the same connection.
          patients: relayStylePagination(['organisationId', 'deploymentId', 'type', 'search']),
        },
      },
      Permission: { keyFields: ['key'] },
      // Effective permissions differ per organisation; keep them with their parent.
      ScopeAccess: { keyFields: false },
    },
  });
}

/** The session is an httpOnly cookie set by `signIn`, so the link only needs same-origin credentials. */
export function createApolloClient(): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: '/graphql', credentials: 'same-origin' }),
    cache: createCache(),
  });
}
