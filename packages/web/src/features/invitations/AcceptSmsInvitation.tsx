import { useMutation } from '@apollo/client/react';
import { Alert, Button, Checkbox, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { ERROR_CODES } from '@porter/shared';
import { IconAlertCircle, IconMessage } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { ViewerFragment } from '../../app/viewer';
import { graphql } from '../../gql';
import type { AcceptInvitationPageQueryQuery, InvitationLinkState } from '../../gql/graphql';
import { describeError, errorCodeOf } from '../../ui/errors';
import { formatDateTime } from '../../ui/format';
import { STATE_OF_ERROR, useEnter } from './AcceptInvitationPage';

export const AcceptSmsInvitationMutation = graphql(`
  mutation AcceptSmsInvitationMutation(
    $token: String!
    $firstName: String
    $lastName: String
    $acceptTerms: Boolean
  ) {
    acceptInvitation(
      token: $token
      firstName: $firstName
      lastName: $lastName
      acceptTerms: $acceptTerms
    ) {
      ...RequireViewer_viewer
    }
  }
`);

type Preview = AcceptInvitationPageQueryQuery['invitation'];

/** Sign in by text message, then come back to this link. */
export const smsSignInToAcceptPath = (token: string) =>
  `/sign-in?method=sms&next=/invitations/${encodeURIComponent(token)}`;

interface AcceptSmsInvitationProps {
  token: string;
  preview: Preview;
  viewer: ViewerFragment | null;
  onLinkState: (state: InvitationLinkState) => void;
}

/**
 * A text-message invitation: no password. Signed out, the person confirms the names the inviter
 * typed and the terms, and is signed in; later they sign in with a code sent to their mobile.
 * Someone already signed in joins with one button (the API checks it is their mobile).
 */
export function AcceptSmsInvitation({
  token,
  preview,
  viewer,
  onLinkState,
}: AcceptSmsInvitationProps) {
  const [accept, { loading }] = useMutation(AcceptSmsInvitationMutation);
  const enter = useEnter();
  const [firstName, setFirstName] = useState(preview.firstName ?? '');
  const [lastName, setLastName] = useState(preview.lastName ?? '');
  const [acceptTerms, setAcceptTerms] = useState(false);
  const [errors, setErrors] = useState<{
    firstName?: string;
    lastName?: string;
    acceptTerms?: string;
  }>({});
  const [failure, setFailure] = useState<ReactNode>(null);
  const organisation = preview.organisationName ?? '';
  const place = preview.deploymentName ?? organisation;

  async function run(variables: { firstName?: string; lastName?: string; acceptTerms?: boolean }) {
    setFailure(null);
    try {
      const { data } = await accept({ variables: { token, ...variables } });
      await enter(data!.acceptInvitation, preview);
    } catch (error) {
      const code = errorCodeOf(error) ?? '';
      const linkState = STATE_OF_ERROR[code];
      if (linkState) onLinkState(linkState);
      else if (code === 'TERMS_NOT_ACCEPTED') setErrors({ acceptTerms: describeError(error) });
      else if (code === 'SIGN_IN_REQUIRED') {
        setFailure(
          <>
            {describeError(error)}{' '}
            <Link to={smsSignInToAcceptPath(token)}>Sign in with a text message</Link>
          </>,
        );
      } else setFailure(describeError(error));
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems: typeof errors = {};
    if (!firstName.trim()) problems.firstName = 'Enter your first name.';
    if (!lastName.trim()) problems.lastName = 'Enter your last name.';
    if (!acceptTerms) problems.acceptTerms = ERROR_CODES.TERMS_NOT_ACCEPTED;
    setErrors(problems);
    if (problems.firstName || problems.lastName || problems.acceptTerms) return;
    await run({ firstName: firstName.trim(), lastName: lastName.trim(), acceptTerms });
  }

  const intro = (
    <>
      <Title order={1} fz={22}>
        Join {place}
      </Title>
      <Text size="sm">
        <strong>{organisation}</strong> invited you to take part in <strong>{place}</strong>. You
        need no password: later you sign in with a code sent to your mobile by text message.
      </Text>
      {preview.expiresAt && (
        <Text size="xs" c="dimmed">
          The invitation is open until {formatDateTime(preview.expiresAt)}.
        </Text>
      )}
    </>
  );
  const failureAlert = failure && (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} role="alert">
      {failure}
    </Alert>
  );

  if (viewer) {
    return (
      <Stack gap="md">
        {intro}
        {failureAlert}
        <Button loading={loading} onClick={() => void run({})}>
          Accept and join
        </Button>
      </Stack>
    );
  }

  if (preview.accountExists) {
    return (
      <Stack gap="md">
        {intro}
        <Text size="sm">
          You already have an account with this mobile number. Sign in with a code, then you come
          back here.
        </Text>
        <Button
          component={Link}
          to={smsSignInToAcceptPath(token)}
          leftSection={<IconMessage size={18} aria-hidden />}
        >
          Sign in with a text message
        </Button>
      </Stack>
    );
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        {intro}
        {failureAlert}
        <Text size="sm">Check your name as your care team will see it.</Text>
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            label="First name"
            autoComplete="given-name"
            maxLength={100}
            value={firstName}
            onChange={(e) => setFirstName(e.currentTarget.value)}
            error={errors.firstName}
          />
          <TextInput
            label="Last name"
            autoComplete="family-name"
            maxLength={100}
            value={lastName}
            onChange={(e) => setLastName(e.currentTarget.value)}
            error={errors.lastName}
          />
        </SimpleGrid>
        <Checkbox
          label="I accept the terms of use"
          checked={acceptTerms}
          onChange={(e) => setAcceptTerms(e.currentTarget.checked)}
          error={errors.acceptTerms}
        />
        <Button type="submit" loading={loading} fullWidth mt="xs">
          Accept and join
        </Button>
      </Stack>
    </form>
  );
}
