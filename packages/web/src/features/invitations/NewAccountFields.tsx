import { Checkbox, PasswordInput, TextInput } from '@mantine/core';
import {
  ERROR_CODES,
  PASSWORD_MIN_LENGTH,
  passwordProblem,
  type PasswordProblem,
} from '@porter/shared';
import { useState } from 'react';
import { describeError, errorCodeOf } from '../../ui/errors';

const PASSWORD_PROBLEMS: Record<PasswordProblem, string> = {
  TOO_SHORT: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
  TOO_COMMON: 'That password is too common. Choose another one.',
  TOO_LONG: 'Use at most 256 characters.',
};

export interface NewAccountErrors {
  fullName?: string;
  password?: string;
  acceptTerms?: string;
}

/**
 * The state of the "create your account" part of a join form (full name, password, terms), shared
 * by the invitation page and the invite-link page: the same checks before sending, and the same
 * field errors from the API's WEAK_PASSWORD and TERMS_NOT_ACCEPTED.
 */
export function useNewAccount() {
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [acceptTerms, setAcceptTerms] = useState(false);
  const [errors, setErrors] = useState<NewAccountErrors>({});

  return {
    fullName,
    setFullName,
    password,
    setPassword,
    acceptTerms,
    setAcceptTerms,
    errors,
    /** Checks the fields, shows what is wrong, and says whether they may be sent. */
    validate(): boolean {
      const problems: NewAccountErrors = {};
      if (fullName.trim().length < 2) problems.fullName = 'Enter your full name.';
      const problem = passwordProblem(password);
      if (problem) problems.password = PASSWORD_PROBLEMS[problem];
      if (!acceptTerms) problems.acceptTerms = ERROR_CODES.TERMS_NOT_ACCEPTED;
      setErrors(problems);
      return !problems.fullName && !problems.password && !problems.acceptTerms;
    },
    clearErrors: () => setErrors({}),
    /** What to send: the name trimmed. */
    values: () => ({ fullName: fullName.trim(), password, acceptTerms }),
    /** Shows an API error on its field; false when it is not about these fields. */
    showFieldError(error: unknown): boolean {
      const code = errorCodeOf(error);
      if (code === 'WEAK_PASSWORD') setErrors({ password: describeError(error) });
      else if (code === 'TERMS_NOT_ACCEPTED') setErrors({ acceptTerms: describeError(error) });
      else return false;
      return true;
    },
  };
}

/** Full name, new password and the terms checkbox, bound to useNewAccount(). */
export function NewAccountFields({ form }: { form: ReturnType<typeof useNewAccount> }) {
  return (
    <>
      <TextInput
        label="Full name"
        name="name"
        autoComplete="name"
        value={form.fullName}
        onChange={(e) => form.setFullName(e.currentTarget.value)}
        error={form.errors.fullName}
        autoFocus
      />
      <PasswordInput
        label="Password"
        name="new-password"
        autoComplete="new-password"
        description={`At least ${PASSWORD_MIN_LENGTH} characters, not a common password.`}
        value={form.password}
        onChange={(e) => form.setPassword(e.currentTarget.value)}
        error={form.errors.password}
      />
      <Checkbox
        label="I accept the terms of use"
        checked={form.acceptTerms}
        onChange={(e) => form.setAcceptTerms(e.currentTarget.checked)}
        error={form.errors.acceptTerms}
      />
    </>
  );
}
