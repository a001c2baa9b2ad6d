import { useMutation } from '@apollo/client/react';
import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { isValidEmail } from '@porter/shared';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { landingPath, safeNextPath } from '../../app/access';
import { toViewerData } from '../../app/viewer';
import { useEnterAs } from '../../app/session';
import { graphql } from '../../gql';
import { describeError } from '../../ui/errors';
import { Wordmark } from '../../ui/Wordmark';
import { SmsCodeSignIn } from './SmsCodeSignIn';

export const SignInMutation = graphql(`
  mutation SignInMutation($email: String!, $password: String!) {
    signIn(email: $email, password: $password) {
      ...RequireViewer_viewer
    }
  }
`);

/**
 * `/sign-in`: email and password, or (`?method=sms`, or the link) a code by text message for
 * patients who joined by SMS; the API sets an httpOnly session cookie.
 */
export function SignInPage() {
  const enterAs = useEnterAs();
  const [searchParams, setSearchParams] = useSearchParams();
  const bySms = searchParams.get('method') === 'sms';
  const chooseSms = (on: boolean) =>
    setSearchParams(
      (params) => {
        if (on) params.set('method', 'sms');
        else params.delete('method');
        return params;
      },
      { replace: true },
    );
  const [signIn, { loading }] = useMutation(SignInMutation);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems: typeof fieldErrors = {};
    if (!isValidEmail(email)) problems.email = 'Enter an email address like name@example.org.';
    if (!password) problems.password = 'Enter your password.';
    setFieldErrors(problems);
    setFailure(null);
    if (problems.email || problems.password) return;

    try {
      const result = await signIn({ variables: { email: email.trim(), password } });
      const viewer = result.data?.signIn;
      if (!viewer) throw new Error('signIn returned no viewer');
      await enterAs(
        viewer,
        safeNextPath(searchParams.get('next')) ?? landingPath(toViewerData(viewer)) ?? '/',
      );
    } catch (error) {
      setFailure(describeError(error));
    }
  }

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Box w="100%" maw={420}>
        <Center mb="lg">
          <Wordmark size="lg" />
        </Center>
        <Paper withBorder shadow="xs" radius="lg" p="xl">
          {bySms ? (
            <SmsCodeSignIn onUsePassword={() => chooseSms(false)} />
          ) : (
            <form onSubmit={(e) => void submit(e)} noValidate>
              <Stack gap="md">
                <div>
                  <Title order={1} fz={22}>
                    Sign in
                  </Title>
                  <Text size="sm" c="dimmed" mt={4}>
                    For staff and administrators of care organisations.
                  </Text>
                </div>
                {failure && (
                  <Alert
                    color="red"
                    variant="light"
                    icon={<IconAlertCircle size={20} />}
                    role="alert"
                  >
                    {failure}
                  </Alert>
                )}
                <TextInput
                  label="Email"
                  type="email"
                  name="email"
                  autoComplete="username"
                  value={email}
                  onChange={(e) => setEmail(e.currentTarget.value)}
                  error={fieldErrors.email}
                  autoFocus
                />
                <PasswordInput
                  label="Password"
                  name="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  error={fieldErrors.password}
                />
                <Button type="submit" loading={loading} fullWidth mt="xs">
                  Sign in
                </Button>
                <Anchor component="button" type="button" size="sm" onClick={() => chooseSms(true)}>
                  Sign in with a text message instead
                </Anchor>
              </Stack>
            </form>
          )}
        </Paper>
        <Text size="xs" c="dimmed" ta="center" mt="md">
          Invited to Porter? Open the link in your invitation email to create your account.
        </Text>
      </Box>
    </Center>
  );
}
