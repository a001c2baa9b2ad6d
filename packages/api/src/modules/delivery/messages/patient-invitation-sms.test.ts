import { describe, expect, it } from 'vitest';
import { smsLength } from '../../../infra/sms/segments.js';
import { newToken } from '../../auth/token.js';
import { invitationLink } from './invitation-message.js';
import { patientInvitationSms } from './patient-invitation-sms.js';

const base = {
  firstName: 'Sam',
  organisationName: 'Riverside Health',
  deploymentName: 'Diabetes remote monitoring',
  link: invitationLink('https://porter.example.org', newToken()),
  expiresAt: new Date('2026-01-12T09:00:00Z'),
};

describe('patient invitation SMS', () => {
  it('greets by first name and carries the organisation, deployment, link and expiry', () => {
    const text = patientInvitationSms({ ...base, reminder: false });
    expect(text).toMatch(
      /^Hi Sam, Riverside Health invited you to join Diabetes remote monitoring\./,
    );
    expect(text.split('\n')).toContain(base.link);
    expect(text).toContain('12 Jan 2026, 09:00 UTC');
  });

  it('stays GSM-7 within three parts, invitation and reminder alike', () => {
    for (const reminder of [false, true]) {
      const length = smsLength(patientInvitationSms({ ...base, reminder }));
      expect(length.encoding).toBe('GSM-7');
      expect(length.segments).toBeLessThanOrEqual(2);
    }
  });

  it('says so in the reminder', () => {
    expect(patientInvitationSms({ ...base, reminder: true })).toContain(
      'expires 12 Jan 2026, 09:00 UTC',
    );
    expect(patientInvitationSms({ ...base, firstName: null, reminder: true })).toMatch(/^Hello, /);
  });
});
