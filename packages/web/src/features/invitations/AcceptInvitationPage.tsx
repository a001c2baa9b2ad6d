import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  Box,
  Button,
  Center,
  Loader,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { normaliseEmail } from '@porter/shared';
import { IconAlertCircle, IconLogin, IconLogout } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  deploymentLandingPath,
  landingPath,
  organisationLandingPath,
  type AccessViewer,
} from '../../app/access';
import { SignOutMutation, useEnterAs } from '../../app/session';
import { CurrentViewerQuery, toViewerData, type ViewerFragment } from '../../app/viewer';
import { graphql } from '../../gql';
import type { AcceptInvitationPageQueryQuery, InvitationLinkState } from '../../gql/graphql';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { describeError, errorCodeOf } from '../../ui/errors';
import { formatDateTime } from '../../ui/format';
import { Wordmark } from '../../ui/Wordmark';
import { AcceptSmsInvitation } from './AcceptSmsInvitation';
import { NewAccountFields, useNewAccount } from './NewAccountFields';

export const AcceptInvitationPageQuery = graphql(`
  query AcceptInvitationPageQuery($token: String!) {
    invitation(token: $token) {
      state
      email
      organisationName
      deploymentName
      roleName
      inviterName
      expiresAt
      accountExists
      passwordRequired
      firstName
      lastName
      kind
      helperFor
    }
  }
`);

export const AcceptInvitationMutation = graphql(`
  mutation AcceptInvitationMutation(
    $token: String!
    $fullName: String
    $password: String
    $acceptTerms: Boolean
  ) {
    acceptInvitation(
      token: $token
      fullName: $fullName
      password: $password
      acceptTerms: $acceptTerms
    ) {
      ...RequireViewer_viewer
    }
  }
`);

type Preview = AcceptInvitationPageQueryQuery['invitation'];

/** acceptInvitation refusals that mean the link itself is no longer usable, as the state they show. */
export const STATE_OF_ERROR: Partial<Record<string, InvitationLinkState>> = {
  INVITATION_EXPIRED: 'EXPIRED',
  INVITATION_REVOKED: 'REVOKED',
  INVITATION_ALREADY_USED: 'ACCEPTED',
  INVITATION_REPLACED: 'REPLACED',
  INVITATION_NOT_FOUND: 'NOT_FOUND',
};

/**
 * Where someone goes once they joined: the place they were invited to when their scopes show it,
 * otherwise their usual start page.
 */
export function pathAfterJoining(
  viewer: AccessViewer,
  preview: Pick<Preview, 'organisationName' | 'deploymentName'>,
): string {
  const entry = viewer.scopes.find((e) =>
    preview.deploymentName
      ? e.scopeType === 'DEPLOYMENT' &&
        e.deployment?.name === preview.deploymentName &&
        e.organisation?.name === preview.organisationName
      : e.scopeType === 'ORGANISATION' &&
        e.organisation?.name === preview.organisationName &&
        e.permissions.length > 0,
  );
  if (entry?.deployment)
    return deploymentLandingPath(viewer, entry.deployment.organisationId, entry.deployment.id);
  if (entry?.organisation) return organisationLandingPath(viewer, entry.organisation.id) ?? '/';
  return landingPath(viewer) ?? '/';
}

/**
 * `/invitations/:token`, public: what the invitation link leads to. Signed out, the invited
 * person creates their account here (or signs in, when they have one); signed in with the
 * invited address, they join with one button. Reading the link never uses it up.
 */
export function AcceptInvitationPage() {
  const { token = '' } = useParams();
  const viewerQuery = useQuery(CurrentViewerQuery);
  const invitationQuery = useQuery(AcceptInvitationPageQuery, { variables: { token } });
  // A refusal from acceptInvitation that tells more than the preview did (expired meanwhile, …).
  const [override, setOverride] = useState<InvitationLinkState | null>(null);

  let body: ReactNode;
  if (
    (!invitationQuery.data && invitationQuery.loading) ||
    (!viewerQuery.data && viewerQuery.loading)
  ) {
    body = (
      <Center py="xl">
        <Loader aria-label="Loading the invitation" />
      </Center>
    );
  } else if (!invitationQuery.data) {
    body = (
      <ErrorAlert
        error={invitationQuery.error ?? viewerQuery.error}
        title="The invitation could not be loaded"
      />
    );
  } else {
    const preview = invitationQuery.data.invitation;
    const state = override ?? preview.state;
    body =
      state === 'PENDING' ? (
        <PendingInvitation
          token={token}
          preview={preview}
          viewer={viewerQuery.data?.viewer ?? null}
          onLinkState={setOverride}
        />
      ) : (
        <UnusableInvitation
          state={state}
          preview={preview}
          signedIn={Boolean(viewerQuery.data?.viewer)}
        />
      );
  }

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Box w="100%" maw={480}>
        <Center mb="lg">
          <Wordmark size="lg" />
        </Center>
        <Paper withBorder shadow="xs" radius="lg" p="xl">
          {body}
        </Paper>
      </Box>
    </Center>
  );
}

interface UnusableInvitationProps {
  state: Exclude<InvitationLinkState, 'PENDING'>;
  preview: Preview;
  /** Someone is signed in already: an accepted link leads to their start page, not to sign-in. */
  signedIn: boolean;
}

function UnusableInvitation({ state, preview, signedIn }: UnusableInvitationProps) {
  const organisation = preview.organisationName ?? 'the organisation';
  const views: Record<typeof state, { title: string; text: ReactNode; action?: ReactNode }> = {
    EXPIRED: {
      title: 'This invitation has expired',
      text: `Ask ${organisation} to send it again. The new email carries a fresh link.`,
    },
    REVOKED: {
      title: 'This invitation was revoked',
      text: `${organisation} withdrew it. Ask the person who invited you if you still need access.`,
    },
    ACCEPTED: signedIn
      ? {
          title: 'This invitation has already been used',
          text: 'Its role is already given; nothing more to do here.',
          action: (
            <Button component={Link} to="/">
              Go to your start page
            </Button>
          ),
        }
      : {
          title: 'This invitation has already been used',
          text: 'The account it created is ready: sign in with its email address and password.',
          action: (
            <Button
              component={Link}
              to="/sign-in"
              leftSection={<IconLogin size={18} aria-hidden />}
            >
              Sign in
            </Button>
          ),
        },
    REPLACED: {
      title: 'This link was replaced',
      text: 'A newer invitation email was sent; use the link in the most recent one.',
    },
    NOT_FOUND: {
      title: 'Invitation not found',
      text: 'Check that you copied the whole link. If it still does not work, ask for a new invitation.',
    },
  };
  const view = views[state];
  return (
    <Stack gap="md">
      <Title order={1} fz={22}>
        {view.title}
      </Title>
      <Text size="sm">{view.text}</Text>
      {view.action}
    </Stack>
  );
}

interface PendingInvitationProps {
  token: string;
  preview: Preview;
  viewer: ViewerFragment | null;
  onLinkState: (state: InvitationLinkState) => void;
}

function PendingInvitation({ token, preview, viewer, onLinkState }: PendingInvitationProps) {
  if (!preview.passwordRequired)
    return (
      <AcceptSmsInvitation
        token={token}
        preview={preview}
        viewer={viewer}
        onLinkState={onLinkState}
      />
    );
  const organisation = preview.organisationName ?? '';
  const place = preview.deploymentName ?? organisation;
  const email = preview.email ?? '';
  const intro = (
    <>
      <Title order={1} fz={22}>
        Join {organisation}
      </Title>
      {preview.kind === 'PROXY' ? (
        <Text size="sm">
          You are invited to help <strong>{preview.helperFor ?? 'a patient'}</strong> with{' '}
          <strong>{place}</strong>
          {preview.inviterName ? ` (invited by ${preview.inviterName})` : ''}. Your account for{' '}
          <strong>{email}</strong> will be linked to them.
        </Text>
      ) : (
        <Text size="sm">
          {preview.inviterName ?? 'Someone'} invited <strong>{email}</strong> to{' '}
          <strong>{place}</strong> as <strong>{preview.roleName}</strong>.
        </Text>
      )}
      {preview.expiresAt && (
        <Text size="xs" c="dimmed">
          The invitation is open until {formatDateTime(preview.expiresAt)}.
        </Text>
      )}
    </>
  );

  if (viewer) {
    return viewer.email && normaliseEmail(viewer.email) === normaliseEmail(email) ? (
      <JoinAsViewer token={token} preview={preview} intro={intro} onLinkState={onLinkState} />
    ) : (
      <WrongAccount email={email} viewer={viewer} intro={intro} />
    );
  }
  if (preview.accountExists) return <SignInToAccept token={token} email={email} intro={intro} />;
  return <CreateAccount token={token} preview={preview} intro={intro} onLinkState={onLinkState} />;
}

/** Sign-in comes back here afterwards; `next` only takes local paths. */
export const signInToAcceptPath = (token: string) =>
  `/sign-in?next=/invitations/${encodeURIComponent(token)}`;

function SignInToAccept({
  token,
  email,
  intro,
}: {
  token: string;
  email: string;
  intro: ReactNode;
}) {
  const navigate = useNavigate();
  return (
    <Stack gap="md">
      {intro}
      <Text size="sm">You already have an account for {email}.</Text>
      <Button
        leftSection={<IconLogin size={18} aria-hidden />}
        onClick={() => void navigate(signInToAcceptPath(token))}
      >
        Sign in to accept
      </Button>
    </Stack>
  );
}

/** Keeps the viewer the API answered with, drops what was cached for the signed-out visitor, and goes in. */
export function useEnter() {
  const enterAs = useEnterAs();
  return (viewer: ViewerFragment, preview: Preview) =>
    enterAs(viewer, pathAfterJoining(toViewerData(viewer), preview));
}

function JoinAsViewer({
  token,
  preview,
  intro,
  onLinkState,
}: {
  token: string;
  preview: Preview;
  intro: ReactNode;
  onLinkState: (state: InvitationLinkState) => void;
}) {
  const [accept, { loading }] = useMutation(AcceptInvitationMutation);
  const enter = useEnter();
  const [failure, setFailure] = useState<string | null>(null);
  const place = preview.deploymentName ?? preview.organisationName ?? '';

  async function join() {
    setFailure(null);
    try {
      const { data } = await accept({ variables: { token } });
      await enter(data!.acceptInvitation, preview);
    } catch (error) {
      const linkState = STATE_OF_ERROR[errorCodeOf(error) ?? ''];
      if (linkState) onLinkState(linkState);
      else setFailure(describeError(error));
    }
  }

  return (
    <Stack gap="md">
      {intro}
      {failure && (
        <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} role="alert">
          {failure}
        </Alert>
      )}
      <Button loading={loading} onClick={() => void join()}>
        Join {place}
      </Button>
    </Stack>
  );
}

function WrongAccount({
  email,
  viewer,
  intro,
}: {
  email: string;
  viewer: ViewerFragment;
  intro: ReactNode;
}) {
  const client = useApolloClient();
  const [signOut, { loading }] = useMutation(SignOutMutation);

  async function signOutHere() {
    try {
      await signOut();
    } catch {
      // The server always clears the cookie; forget the session here either way.
    }
    // Every active query asks again: the viewer is now nobody, and the invitation is read afresh.
    await client.resetStore();
    notifications.show({ message: 'You are signed out.', color: 'porter' });
  }

  return (
    <Stack gap="md">
      {intro}
      <Alert color="yellow" variant="light" icon={<IconAlertCircle size={20} />}>
        This invitation is for {email}, but you are signed in as {viewer.email}.
      </Alert>
      <Text size="sm" c="dimmed">
        Sign out to accept it here as {email}. Nothing changes for the invitation until then.
      </Text>
      <Button
        variant="default"
        loading={loading}
        leftSection={<IconLogout size={18} aria-hidden />}
        onClick={() => void signOutHere()}
      >
        Sign out
      </Button>
    </Stack>
  );
}

function CreateAccount({
  token,
  preview,
  intro,
  onLinkState,
}: {
  token: string;
  preview: Preview;
  intro: ReactNode;
  onLinkState: (state: InvitationLinkState) => void;
}) {
  const [accept, { loading }] = useMutation(AcceptInvitationMutation);
  const enter = useEnter();
  const form = useNewAccount();
  const [failure, setFailure] = useState<ReactNode>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    if (!form.validate()) return;

    try {
      const { data } = await accept({ variables: { token, ...form.values() } });
      await enter(data!.acceptInvitation, preview);
    } catch (error) {
      const code = errorCodeOf(error) ?? '';
      const linkState = STATE_OF_ERROR[code];
      if (linkState) onLinkState(linkState);
      else if (form.showFieldError(error)) return;
      else if (code === 'SIGN_IN_REQUIRED') {
        setFailure(
          <>
            {describeError(error)} <Link to={signInToAcceptPath(token)}>Sign in to accept</Link>
          </>,
        );
      } else setFailure(describeError(error));
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        {intro}
        {failure && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} role="alert">
            {failure}
          </Alert>
        )}
        <TextInput
          label="Email"
          value={preview.email ?? ''}
          readOnly
          variant="filled"
          autoComplete="username"
        />
        <NewAccountFields form={form} />
        <Button type="submit" loading={loading} fullWidth mt="xs">
          Create account
        </Button>
      </Stack>
    </form>
  );
}
