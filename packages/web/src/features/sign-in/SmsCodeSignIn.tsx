import { useMutation } from '@apollo/client/react';
import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { landingPath, safeNextPath } from '../../app/access';
import { toViewerData } from '../../app/viewer';
import { useEnterAs } from '../../app/session';
import { graphql } from '../../gql';
import { describeError, errorCodeOf } from '../../ui/errors';
import { formatDateTime } from '../../ui/format';

export const RequestSignInCodeMutation = graphql(`
  mutation RequestSignInCodeMutation($mobile: String!) {
    requestSignInCode(mobile: $mobile) {
      sentTo
      expiresAt
    }
  }
`);

export const SignInWithCodeMutation = graphql(`
  mutation SignInWithCodeMutation($mobile: String!, $code: String!) {
    signInWithCode(mobile: $mobile, code: $code) {
      ...RequireViewer_viewer
    }
  }
`);

/** Codes after which the code in hand is useless: ask for a new one. */
const NEEDS_NEW_CODE = new Set(['CODE_EXPIRED', 'TOO_MANY_ATTEMPTS']);

/**
 * Sign-in for people who joined by text message: mobile number → "Text me a code" → the six
 * digits → signed in. The API answers the same whether or not the number has an account.
 */
export function SmsCodeSignIn({ onUsePassword }: { onUsePassword: () => void }) {
  const enterAs = useEnterAs();
  const [searchParams] = useSearchParams();
  const [requestCode, { loading: requesting }] = useMutation(RequestSignInCodeMutation);
  const [signIn, { loading: signingIn }] = useMutation(SignInWithCodeMutation);
  const [mobile, setMobile] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState<{ sentTo: string; expiresAt: string } | null>(null);
  const [mobileError, setMobileError] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function sendCode(event?: FormEvent<HTMLFormElement>) {
    event?.preventDefault();
    setFailure(null);
    setMobileError(null);
    if (!mobile.trim()) {
      setMobileError('Enter your mobile number.');
      return;
    }
    try {
      const { data } = await requestCode({ variables: { mobile: mobile.trim() } });
      setSent(data!.requestSignInCode);
      setCode('');
      setCodeError(null);
    } catch (error) {
      if (errorCodeOf(error) === 'INVALID_PHONE') setMobileError(describeError(error));
      else setFailure(describeError(error));
    }
  }

  async function submitCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    if (!/^\d{6}$/.test(code)) {
      setCodeError('Enter the six digits from the text message.');
      return;
    }
    setCodeError(null);
    try {
      const { data } = await signIn({ variables: { mobile: mobile.trim(), code } });
      const viewer = data!.signInWithCode;
      await enterAs(
        viewer,
        safeNextPath(searchParams.get('next')) ?? landingPath(toViewerData(viewer)) ?? '/',
      );
    } catch (error) {
      const errorCode = errorCodeOf(error) ?? '';
      if (errorCode === 'CODE_INVALID') setCodeError(describeError(error));
      else setFailure(describeError(error));
      if (NEEDS_NEW_CODE.has(errorCode)) setCode('');
    }
  }

  const heading = (
    <div>
      <Title order={1} fz={22}>
        Sign in with a text message
      </Title>
      <Text size="sm" c="dimmed" mt={4}>
        For patients who joined by text message: we send a code to your mobile.
      </Text>
    </div>
  );
  const failureAlert = failure && (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} role="alert">
      {failure}
    </Alert>
  );
  const back = (
    <Anchor component="button" type="button" size="sm" onClick={onUsePassword}>
      Use email and password instead
    </Anchor>
  );

  if (!sent) {
    return (
      <form onSubmit={(e) => void sendCode(e)} noValidate>
        <Stack gap="md">
          {heading}
          {failureAlert}
          <TextInput
            label="Mobile number"
            type="tel"
            name="mobile"
            autoComplete="tel"
            maxLength={40}
            value={mobile}
            onChange={(e) => setMobile(e.currentTarget.value)}
            error={mobileError}
            autoFocus
          />
          <Button type="submit" loading={requesting} fullWidth mt="xs">
            Text me a code
          </Button>
          {back}
        </Stack>
      </form>
    );
  }

  return (
    <form onSubmit={(e) => void submitCode(e)} noValidate>
      <Stack gap="md">
        {heading}
        <Text size="sm" role="status">
          If {sent.sentTo} belongs to an account, a six-digit code is on its way. It works until{' '}
          {formatDateTime(sent.expiresAt)}.
        </Text>
        {failureAlert}
        <TextInput
          label="Code"
          name="one-time-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onChange={(e) => {
            setCode(e.currentTarget.value.replace(/\D/g, ''));
            setCodeError(null);
          }}
          error={codeError}
          autoFocus
        />
        <Button type="submit" loading={signingIn} fullWidth mt="xs">
          Sign in
        </Button>
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={() => void sendCode()}
          disabled={requesting}
        >
          Send a new code
        </Anchor>
        {back}
      </Stack>
    </form>
  );
}
