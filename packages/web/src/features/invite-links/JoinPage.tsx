import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { isValidEmail, normaliseEmail } from '@porter/shared';
import { IconAlertCircle, IconLogin, IconMailCheck } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useEnterAs } from '../../app/session';
import { CurrentViewerQuery, type ViewerFragment } from '../../app/viewer';
import { graphql } from '../../gql';
import type { InviteLinkPreviewState, JoinPageQueryQuery } from '../../gql/graphql';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { describeError, errorCodeOf } from '../../ui/errors';
import { formatDateTime } from '../../ui/format';
import { Wordmark } from '../../ui/Wordmark';
import { NewAccountFields, useNewAccount } from '../invitations/NewAccountFields';

export const JoinPageQuery = graphql(`
  query JoinPageQuery($token: String!) {
    inviteLink(token: $token) {
      state
      organisationName
      deploymentName
      expiresAt
      kind
      roleName
    }
  }
`);

export const RequestJoinCodeMutation = graphql(`
  mutation RequestJoinCodeMutation($token: String!, $email: String!) {
    requestJoinCode(token: $token, email: $email) {
      sentTo
      expiresAt
    }
  }
`);

export const VerifyJoinCodeMutation = graphql(`
  mutation VerifyJoinCodeMutation($token: String!, $email: String!, $code: String!) {
    verifyJoinCode(token: $token, email: $email, code: $code) {
      ticket
      email
      expiresAt
    }
  }
`);

export const JoinWithTicketMutation = graphql(`
  mutation JoinWithTicketMutation(
    $ticket: String!
    $fullName: String
    $password: String
    $acceptTerms: Boolean
  ) {
    joinWithTicket(
      ticket: $ticket
      fullName: $fullName
      password: $password
      acceptTerms: $acceptTerms
    ) {
      ...RequireViewer_viewer
    }
  }
`);

type Preview = JoinPageQueryQuery['inviteLink'];

/** Refusals that mean the link itself no longer works, as the state they show. */
const STATE_OF_ERROR: Partial<Record<string, InviteLinkPreviewState>> = {
  LINK_EXPIRED: 'EXPIRED',
  LINK_REVOKED: 'REVOKED',
  LINK_FULL: 'FULL',
  LINK_REPLACED: 'REPLACED',
  LINK_NOT_FOUND: 'NOT_FOUND',
};

/**
 * `/join/:token`, public: a multi-use invite link. The person confirms their email with a 6-digit
 * code, then creates their account (or, signed in with that address, keeps theirs) and joins,
 * signed in: the deployment as a patient, or (staff links) the organisation or deployment with
 * the link's role. Reading the
 * link never uses it up; the API checks the link at every step.
 */
export function JoinPage() {
  const { token = '' } = useParams();
  const linkQuery = useQuery(JoinPageQuery, { variables: { token } });
  const viewerQuery = useQuery(CurrentViewerQuery);
  // A refusal later on that tells more than the preview did (revoked meanwhile, …).
  const [override, setOverride] = useState<InviteLinkPreviewState | null>(null);

  let body: ReactNode;
  if ((!linkQuery.data && linkQuery.loading) || (!viewerQuery.data && viewerQuery.loading)) {
    body = (
      <Center py="xl">
        <Loader aria-label="Loading the invite link" />
      </Center>
    );
  } else if (!linkQuery.data) {
    body = (
      <ErrorAlert
        error={linkQuery.error ?? viewerQuery.error}
        title="The invite link could not be loaded"
      />
    );
  } else {
    const preview = linkQuery.data.inviteLink;
    const state = override ?? preview.state;
    body =
      state === 'ACTIVE' ? (
        <JoinSteps
          token={token}
          preview={preview}
          viewer={viewerQuery.data?.viewer ?? null}
          onLinkState={setOverride}
        />
      ) : (
        <UnusableLink state={state} preview={preview} />
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

function UnusableLink({
  state,
  preview,
}: {
  state: Exclude<InviteLinkPreviewState, 'ACTIVE'>;
  preview: Preview;
}) {
  const who = preview.organisationName ?? 'the care team';
  const views: Record<typeof state, { title: string; text: string }> = {
    EXPIRED: { title: 'This invite link has expired', text: `Ask ${who} for a new link.` },
    REVOKED: {
      title: 'This invite link was switched off',
      text: `${who} no longer accepts people through it. Ask them for a new link.`,
    },
    FULL: {
      title: 'This invite link is full',
      text: `It has been used as many times as allowed. Ask ${who} for a new link.`,
    },
    REPLACED: {
      title: 'This invite link was replaced',
      text: 'A newer link was made. Ask for it, or scan the QR code again if it was updated.',
    },
    NOT_FOUND: {
      title: 'Invite link not found',
      text: 'Check that you copied the whole link. If it still does not work, ask for a new one.',
    },
  };
  const view = views[state];
  return (
    <Stack gap="md">
      <Title order={1} fz={22}>
        {view.title}
      </Title>
      <Text size="sm">{view.text}</Text>
      <Anchor component={Link} to="/sign-in" size="sm">
        Already registered? Sign in
      </Anchor>
    </Stack>
  );
}

type Step =
  | { step: 'email' }
  | { step: 'code'; email: string }
  | { step: 'details'; email: string; ticket: string };

interface JoinStepsProps {
  token: string;
  preview: Preview;
  viewer: ViewerFragment | null;
  onLinkState: (state: InviteLinkPreviewState) => void;
}

function JoinSteps({ token, preview, viewer, onLinkState }: JoinStepsProps) {
  const [current, setCurrent] = useState<Step>({ step: 'email' });
  const [notice, setNotice] = useState<string | null>(null);
  const place = preview.deploymentName ?? preview.organisationName ?? '';
  const asRole = preview.kind === 'STAFF' && preview.roleName ? preview.roleName : null;
  /** Link refusals end the flow; anything else is the step's own to show. */
  const linkRefusal = (error: unknown) => {
    const state = STATE_OF_ERROR[errorCodeOf(error) ?? ''];
    if (state) onLinkState(state);
    return Boolean(state);
  };

  return (
    <Stack gap="md">
      <Title order={1} fz={22}>
        Join {place}
      </Title>
      <Text size="sm">
        {preview.organisationName} invites you to join <strong>{place}</strong>
        {asRole && (
          <>
            {' '}
            as <strong>{asRole}</strong>
          </>
        )}
        . Confirm your email address, then set a password.
      </Text>
      {preview.expiresAt && (
        <Text size="xs" c="dimmed">
          The link is open until {formatDateTime(preview.expiresAt)}.
        </Text>
      )}
      {notice && (
        <Alert color="yellow" variant="light" icon={<IconAlertCircle size={20} />}>
          {notice}
        </Alert>
      )}
      {current.step === 'email' && (
        <EmailStep
          token={token}
          initial={viewer?.email ?? ''}
          linkRefusal={linkRefusal}
          onSent={(email) => {
            setNotice(null);
            setCurrent({ step: 'code', email });
          }}
        />
      )}
      {current.step === 'code' && (
        <CodeStep
          token={token}
          email={current.email}
          linkRefusal={linkRefusal}
          onVerified={(ticket) => setCurrent({ step: 'details', email: current.email, ticket })}
          onChangeEmail={() => setCurrent({ step: 'email' })}
        />
      )}
      {current.step === 'details' && (
        <DetailsStep
          token={token}
          email={current.email}
          ticket={current.ticket}
          viewer={viewer}
          linkRefusal={linkRefusal}
          onTicketExpired={() => {
            setNotice('Your confirmation has expired. Ask for a new code.');
            setCurrent({ step: 'email' });
          }}
        />
      )}
    </Stack>
  );
}

type LinkRefusal = (error: unknown) => boolean;

function EmailStep({
  token,
  initial,
  linkRefusal,
  onSent,
}: {
  token: string;
  initial: string;
  linkRefusal: LinkRefusal;
  onSent: (email: string) => void;
}) {
  const [email, setEmail] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [request, { loading }] = useMutation(RequestJoinCodeMutation);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const address = normaliseEmail(email);
    if (!isValidEmail(address)) {
      setError('Enter a valid email address.');
      return;
    }
    setError(null);
    try {
      const { data } = await request({ variables: { token, email: address } });
      onSent(data!.requestJoinCode.sentTo);
    } catch (failure) {
      if (!linkRefusal(failure)) setError(describeError(failure));
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        <TextInput
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          description="We send a 6-digit code to this address."
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={error}
          autoFocus
        />
        <Button type="submit" loading={loading} fullWidth>
          Send code
        </Button>
      </Stack>
    </form>
  );
}

function CodeStep({
  token,
  email,
  linkRefusal,
  onVerified,
  onChangeEmail,
}: {
  token: string;
  email: string;
  linkRefusal: LinkRefusal;
  onVerified: (ticket: string) => void;
  onChangeEmail: () => void;
}) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [resent, setResent] = useState<string | null>(null);
  const [verify, { loading }] = useMutation(VerifyJoinCodeMutation);
  const [request, { loading: resending }] = useMutation(RequestJoinCodeMutation);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const digits = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(digits)) {
      setError('Enter the 6 digits from the email.');
      return;
    }
    setError(null);
    try {
      const { data } = await verify({ variables: { token, email, code: digits } });
      onVerified(data!.verifyJoinCode.ticket);
    } catch (failure) {
      if (!linkRefusal(failure)) setError(describeError(failure));
    }
  }

  async function sendAgain() {
    setError(null);
    setResent(null);
    try {
      await request({ variables: { token, email } });
      setCode('');
      setResent(`A new code is on its way to ${email}. Earlier codes no longer work.`);
    } catch (failure) {
      if (!linkRefusal(failure)) setError(describeError(failure));
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        <Alert color="porter" variant="light" icon={<IconMailCheck size={20} />}>
          {resent ?? `We sent a code to ${email}. It works for 10 minutes.`}
        </Alert>
        <TextInput
          label="6-digit code"
          name="one-time-code"
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={7}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={error}
          autoFocus
        />
        <Button type="submit" loading={loading} fullWidth>
          Verify
        </Button>
        <Group justify="space-between">
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() => void sendAgain()}
            loading={resending}
          >
            Send a new code
          </Button>
          <Button variant="subtle" size="compact-sm" color="gray" onClick={onChangeEmail}>
            Use another email
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DetailsStep({
  token,
  email,
  ticket,
  viewer,
  linkRefusal,
  onTicketExpired,
}: {
  token: string;
  email: string;
  ticket: string;
  viewer: ViewerFragment | null;
  linkRefusal: LinkRefusal;
  onTicketExpired: () => void;
}) {
  const enterAs = useEnterAs();
  const [join, { loading }] = useMutation(JoinWithTicketMutation);
  const form = useNewAccount();
  const [failure, setFailure] = useState<ReactNode>(null);
  // Signed in with the confirmed address: the account exists, nothing to create.
  const ownAccount = viewer?.email != null && normaliseEmail(viewer.email) === email;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    if (ownAccount) form.clearErrors();
    else if (!form.validate()) return;

    try {
      const variables = ownAccount ? { ticket } : { ticket, ...form.values() };
      const { data } = await join({ variables });
      await enterAs(data!.joinWithTicket, '/');
    } catch (error) {
      const code = errorCodeOf(error) ?? '';
      if (linkRefusal(error)) return;
      if (code === 'CODE_EXPIRED') onTicketExpired();
      else if (form.showFieldError(error)) return;
      else if (code === 'SIGN_IN_REQUIRED') {
        setFailure(
          <>
            You already have an account for {email}.{' '}
            <Anchor
              component={Link}
              to={`/sign-in?next=/join/${encodeURIComponent(token)}`}
              inherit
            >
              Sign in
            </Anchor>
            , then open this link again.
          </>,
        );
      } else setFailure(describeError(error));
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        {failure && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} role="alert">
            {failure}
          </Alert>
        )}
        <TextInput label="Email" value={email} readOnly variant="filled" autoComplete="username" />
        {!ownAccount && <NewAccountFields form={form} />}
        <Button
          type="submit"
          loading={loading}
          fullWidth
          mt="xs"
          leftSection={ownAccount ? <IconLogin size={18} aria-hidden /> : undefined}
        >
          Join
        </Button>
      </Stack>
    </form>
  );
}
