import { useApolloClient, useMutation } from '@apollo/client/react';
import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { graphql } from '../gql';
import { CurrentViewerQuery, type ViewerFragment } from './viewer';

export const SignOutMutation = graphql(`
  mutation SignOutMutation {
    signOut
  }
`);

/** Ends the session on the server, forgets everything cached for this person, and goes to sign-in. */
export function useSignOut(): () => Promise<void> {
  const client = useApolloClient();
  const navigate = useNavigate();
  const [signOut] = useMutation(SignOutMutation);
  return useCallback(async () => {
    try {
      await signOut();
    } catch {
      // The server always clears the cookie; even if the call failed, forget the session here.
    }
    await client.clearStore();
    await navigate('/sign-in', { replace: true });
    notifications.show({ message: 'You are signed out.', color: 'porter' });
  }, [client, navigate, signOut]);
}

/**
 * Goes in as the viewer the API just answered with (signed in, joined, accepted): forgets
 * everything cached for whoever used this page before, keeps the new viewer, and opens `path`
 * (flushSync: the signed-in page is on screen as soon as the address changes).
 */
export function useEnterAs(): (viewer: ViewerFragment, path: string) => Promise<void> {
  const client = useApolloClient();
  const navigate = useNavigate();
  return useCallback(
    async (viewer, path) => {
      await client.clearStore();
      client.writeQuery({ query: CurrentViewerQuery, data: { viewer } });
      await navigate(path, { replace: true, flushSync: true });
    },
    [client, navigate],
  );
}
