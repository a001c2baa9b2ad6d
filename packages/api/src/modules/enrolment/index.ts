/**
 * Enrolment: turns a person with a confirmed address into an account and a member. Used by
 * invitation acceptance, invite-link join and the first-Super-Admin command.
 */
export {
  existingAccount,
  fullNameOf,
  newAccount,
  passwordHashOf,
  resolveAccount,
  splitFullName,
  type Account,
  type AccountAddress,
  type AccountInput,
  type AccountRequest,
  type AccountWording,
  type GivenName,
} from './account.js';
export {
  activatePatient,
  grantRole,
  linkHelper,
  type HelperRecord,
  type PatientActivation,
  type PatientRecord,
  type RoleGrant,
} from './membership.js';
