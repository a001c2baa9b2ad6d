import type { KindHandlers } from '../modules/invitation/index.js';
import { helperAdmission, patientAdmission } from '../modules/patient/index.js';
import { staffAdmission } from '../modules/staff/index.js';

/** What accepting an invitation gives, by kind; the invitation module reads it from the context. */
export const KIND_HANDLERS: KindHandlers = {
  STAFF: staffAdmission,
  PATIENT: patientAdmission,
  PROXY: helperAdmission,
};
