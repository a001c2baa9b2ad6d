// The auth module's face: what other modules and the composition root may import from it.
export { sessionCleanupJob } from './auth.jobs.js';
export { AuthResolver } from './auth.resolver.js';
export { AuthService } from './auth.service.js';
export { readSessionCookie, setSessionCookie } from './cookie.js';
export { hashPassword } from './password.js';
export { SessionEntity } from './session.entity.js';
export { SmsSignInResolver } from './sms-sign-in.resolver.js';
export { signInTextsSettled, SmsSignInService } from './sms-sign-in.service.js';
export { hashToken, newToken } from './token.js';
export { VerificationCodeEntity } from './verification-code.entity.js';
export { describeUser } from './viewer.service.js';
export { Viewer } from './viewer.types.js';
