import { Alert, Anchor, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { describeError, errorCodeOf } from './errors';

export interface ErrorAlertProps {
  error: unknown;
  title?: string;
}

/** Shows an API error in the shared wording for its `extensions.code`. */
export function ErrorAlert({ error, title = 'Something is not right' }: ErrorAlertProps) {
  const location = useLocation();
  const code = errorCodeOf(error);
  const next = encodeURIComponent(location.pathname + location.search);
  return (
    <Alert
      color="red"
      variant="light"
      title={title}
      icon={<IconAlertCircle size={20} />}
      role="alert"
    >
      <Text size="sm">{describeError(error)}</Text>
      {code === 'UNAUTHENTICATED' && (
        <Anchor component={Link} to={`/sign-in?next=${next}`} size="sm">
          Sign in again
        </Anchor>
      )}
    </Alert>
  );
}
