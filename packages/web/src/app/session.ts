import { useApolloClient, useMutation } from '@apollo/client/react';
import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { graphql } from '../gql';

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
