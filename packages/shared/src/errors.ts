/**
 * Stable error codes. The API puts one in every error's `extensions.code`; the SPA picks its
 * wording from the code, never from the message.
 */
export const ERROR_CODES = {
  UNAUTHENTICATED: 'You need to sign in.',
  FORBIDDEN: 'You do not have permission to do that.',
  NOT_FOUND: 'That item does not exist or you cannot see it.',
  BAD_USER_INPUT: 'Some of the values are not valid.',
  INVALID_CREDENTIALS: 'The email or password is not right.',
  ACCOUNT_LOCKED: 'Too many failed attempts. Try again later.',
  CONFLICT: 'That conflicts with something that already exists.',
  RATE_LIMITED: 'Too many requests. Wait a moment and try again.',
  GRANT_NOT_ALLOWED: 'None of your roles may give that role.',
  ESCALATION_REFUSED: 'That role has permissions you do not have yourself.',
  LAST_KEEPER: 'This is the last administrator here; give someone else the role first.',
  ROLE_SCOPE_NOT_ALLOWED: 'That role cannot be given at this level.',
  ROLE_READ_ONLY: 'Default roles cannot be changed.',
  ROLE_IN_USE: 'The role is still assigned to people.',
  ROLE_NAME_TAKEN: 'A role with that name already exists.',
  INVITATION_NOT_FOUND: 'This invitation link is not valid. Check that you copied all of it.',
  INVITATION_EXPIRED:
    'This invitation has expired. Ask the person who invited you to send it again.',
  INVITATION_REVOKED:
    'This invitation was withdrawn. Ask the person who invited you if you still need access.',
  INVITATION_ALREADY_USED: 'This invitation has already been used. Sign in instead.',
  INVITATION_REPLACED:
    'A newer invitation email replaced this link. Use the link in the most recent email.',
  INVITATION_WRONG_ACCOUNT:
    'This invitation is for a different email address. Sign out and open the link again.',
  NO_TOKEN:
    'This message cannot be sent again with the same link. Resend the invitation to send a new one.',
  SIGN_IN_REQUIRED: 'You already have an account. Sign in to accept the invitation.',
  TERMS_NOT_ACCEPTED: 'Please accept the terms to continue.',
  WEAK_PASSWORD: 'Choose a password of at least 12 characters that is not a common one.',
  INVALID_PHONE:
    'That is not a valid mobile number. Include the country code if it is not a local number.',
  CODE_INVALID: 'That code is not right. Check the latest message and try again.',
  CODE_EXPIRED: 'That code has expired. Ask for a new one.',
  TOO_MANY_ATTEMPTS: 'Too many wrong codes. Ask for a new one.',
  LINK_NOT_FOUND: 'This invitation link is not valid. Check that you copied all of it.',
  LINK_EXPIRED: 'This invitation link has expired. Ask for a new one.',
  LINK_REVOKED: 'This invitation link was switched off. Ask for a new one.',
  LINK_FULL: 'This invitation link has been used as many times as allowed. Ask for a new one.',
  LINK_REPLACED: 'This invitation link was replaced by a newer one. Ask for the new link.',
  ALREADY_PATIENT: 'You are already registered here. Sign in instead.',
  ALREADY_MEMBER: 'You are already a member of the team here.',
  ROLE_NOT_LINKABLE:
    'Invite links cannot give roles that manage staff, roles, the organisation or deployments.',
  FEATURE_DISABLED: 'That is switched off for this deployment.',
  CONFIRMATION_MISMATCH:
    'The name you typed does not match. Type the name exactly as shown to confirm.',
  IMPORT_TOO_LARGE: 'The file is too large. Split it into files of at most 100,000 rows.',
  PERSISTED_QUERY_NOT_FOUND: 'The query needs to be sent again.',
  GRAPHQL_VALIDATION_FAILED: 'The request is not a valid query.',
  GRAPHQL_PARSE_FAILED: 'The request could not be read.',
  BAD_REQUEST: 'The request could not be understood.',
  PAYLOAD_TOO_LARGE: 'The request is too large.',
  SERVICE_UNAVAILABLE: 'The service is briefly unavailable. Try again in a few seconds.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on our side. Try again.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in ERROR_CODES;
}

export function errorMessage(code: string | undefined): string {
  return isErrorCode(code) ? ERROR_CODES[code] : ERROR_CODES.INTERNAL_SERVER_ERROR;
}
