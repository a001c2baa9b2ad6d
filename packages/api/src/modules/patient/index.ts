// The patient module's face: what other modules and the composition root may import from it.
export { PatientHelperEntity } from './patient-helper.entity.js';
export { writePatientInvitations } from './patient-invite-writer.js';
export { PatientSmsResolver } from './patient-sms.resolver.js';
export { PatientEntity } from './patient.entity.js';
export { PatientResolver } from './patient.resolver.js';
export { helperAdmission } from './helper.admission.js';
export type { PatientInviteOutcome } from './patient-invite-writer.js';
export { patientAdmission } from './patient.admission.js';
export { PatientService } from './patient.service.js';
export { PatientHelperService } from './patient-helper.service.js';
export { PatientSmsService } from './patient-sms.service.js';
