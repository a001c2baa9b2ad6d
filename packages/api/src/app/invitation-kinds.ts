import type { KindHandlers } from '../modules/invitation/invitation.kinds.js';
import { helperAdmission } from '../modules/patient/helper.admission.js';
import { patientAdmission } from '../modules/patient/patient.admission.js';
import { staffAdmission } from '../modules/staff/staff.admission.js';

/** What accepting an invitation gives, by kind; the invitation module reads it from the context. */
export const KIND_HANDLERS: KindHandlers = {
  STAFF: staffAdmission,
  PATIENT: patientAdmission,
  PROXY: helperAdmission,
};
