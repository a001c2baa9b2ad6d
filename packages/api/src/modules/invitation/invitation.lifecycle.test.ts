import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  can,
  expiryHoursFor,
  expiryMessage,
  fromSql,
  INVITATION_STATUSES,
  OPEN_SQL,
  OPEN_STATUSES,
  refusal,
  REPLACED_TOKENS_KEPT,
  rotateToken,
  TERMINAL_STATUSES,
  toSql,
  transition,
  TRANSITIONS,
  type InvitationStatus,
  type InvitationTransition,
} from './invitation.lifecycle.js';

/** What each path of the code does to a status; each must be an entry of the table. */
const PATHS: { path: string; name: InvitationTransition; from: InvitationStatus[]; to: string }[] =
  [
    { path: 'acceptInvitation', name: 'accept', from: ['PENDING'], to: 'ACCEPTED' },
    {
      path: 'revoke, deleting a patient invitation, removing a helper, a link join',
      name: 'revoke',
      from: ['PENDING', 'EXPIRED'],
      to: 'REVOKED',
    },
    { path: 'resend', name: 'resend', from: ['PENDING', 'EXPIRED'], to: 'PENDING' },
    { path: 'the reminder job', name: 'remind', from: ['PENDING'], to: 'PENDING' },
    { path: 'the expiry job', name: 'expire', from: ['PENDING'], to: 'EXPIRED' },
  ];

describe('the invitation lifecycle', () => {
  it('freezes ACCEPTED and REVOKED: no transition leaves them', () => {
    expect(TERMINAL_STATUSES).toEqual(['ACCEPTED', 'REVOKED']);
    for (const [name, t] of Object.entries(TRANSITIONS))
      for (const terminal of TERMINAL_STATUSES)
        expect((t.from as readonly string[]).includes(terminal), `${name} from ${terminal}`).toBe(
          false,
        );
    expect(OPEN_STATUSES).toEqual(['PENDING', 'EXPIRED']);
  });

  it('has every path of the code as an entry, and no entry no path uses', () => {
    for (const p of PATHS) expect(TRANSITIONS[p.name], p.path).toEqual({ from: p.from, to: p.to });
    expect(Object.keys(TRANSITIONS).sort()).toEqual(PATHS.map((p) => p.name).sort());
  });

  it('refuses a transition not in the table with the code of the status it is in', () => {
    for (const name of Object.keys(TRANSITIONS) as InvitationTransition[])
      for (const status of INVITATION_STATUSES) {
        const allowed = (TRANSITIONS[name].from as readonly string[]).includes(status);
        expect(can(status, name)).toBe(allowed);
        const invitation = { status };
        if (allowed) {
          transition(invitation, name);
          expect(invitation.status).toBe(TRANSITIONS[name].to);
        } else {
          expect(() => transition(invitation, name)).toThrow();
          expect(invitation.status).toBe(status);
        }
      }
    expect(refusal('ACCEPTED', 'revoke')).toBe('INVITATION_ALREADY_USED');
    expect(refusal('REVOKED', 'resend')).toBe('INVITATION_REVOKED');
    expect(refusal('EXPIRED', 'accept')).toBe('INVITATION_EXPIRED');
    expect(refusal('EXPIRED', 'remind')).toBe('INVITATION_EXPIRED');
  });

  it('writes the SQL from the same entries', () => {
    expect(fromSql('revoke')).toBe(`('PENDING', 'EXPIRED')`);
    expect(fromSql('remind')).toBe(`('PENDING')`);
    expect(toSql('revoke')).toBe(`'REVOKED'`);
    expect(OPEN_SQL).toBe(`('PENDING', 'EXPIRED')`);
  });

  it('rotates a token remembering the last replaced hashes', () => {
    const invitation = { tokenHash: 'h0', replacedTokenHashes: [] as string[] };
    for (let k = 1; k <= REPLACED_TOKENS_KEPT + 5; k++) rotateToken(invitation);
    expect(invitation.replacedTokenHashes).toHaveLength(REPLACED_TOKENS_KEPT);
    expect(invitation.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  // The table is the only place an invitation's status is written: TypeScript through
  // `transition`, SQL through `toSql`. A new path writing a status by hand fails here.
  it('is the only writer of an invitation status in the API source', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const files = (readdirSync(root, { recursive: true }) as string[]).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('migrations'),
    );
    const offenders: string[] = [];
    for (const f of files) {
      if (f.endsWith('invitation.lifecycle.ts')) continue;
      const source = readFileSync(join(root, f), 'utf8');
      if (/\binvitation\.status\s*=(?!=)/.test(source)) offenders.push(`${f}: invitation.status =`);
      for (const m of source.matchAll(/update invitation\b[^`]*/g))
        if (/\bstatus\s*=\s*'/.test(m[0])) offenders.push(`${f}: ${m[0].slice(0, 60)}`);
    }
    expect(offenders).toEqual([]);
  });

  // Invitations are created by invitation.writer.ts alone (writeInvitations, for every kind and
  // channel) and changed or deleted only by this module; a module that writes the table with SQL
  // or makes one with the ORM fails here.
  it('is created, changed and deleted only inside the invitation module', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const files = (readdirSync(root, { recursive: true }) as string[]).filter(
      (f) =>
        f.endsWith('.ts') &&
        !f.endsWith('.test.ts') &&
        !f.includes('migrations') &&
        !f.split(/[\\/]/).join('/').startsWith('modules/invitation/'),
    );
    const offenders: string[] = [];
    for (const f of files) {
      const source = readFileSync(join(root, f), 'utf8');
      if (/insert into invitation\s*\(/i.test(source))
        offenders.push(`${f}: insert into invitation`);
      for (const m of source.matchAll(/\b(update|delete from) invitation\b(?!_)/gi))
        offenders.push(`${f}: ${m[0]}`);
      if (/\b(tx|em)\.create\(\s*InvitationEntity\b/.test(source))
        offenders.push(`${f}: create(InvitationEntity`);
    }
    expect(offenders).toEqual([]);
  });

  it('words each expiry rule once and refuses a choice it does not offer', () => {
    expect(expiryMessage('STAFF')).toBe(
      'Staff invitations expire after 24 hours, 72 hours or 7 days.',
    );
    expect(expiryMessage('PATIENT')).toBe(
      'Patient invitations expire after 24 hours, 48 hours, 7 days or 1 year.',
    );
    expect(expiryHoursFor('STAFF', null)).toBe(72);
    expect(expiryHoursFor('PROXY', undefined)).toBe(168);
    expect(expiryHoursFor('PATIENT_LINK', 8760)).toBe(8760);
    expect(() => expiryHoursFor('STAFF', 48)).toThrow(expiryMessage('STAFF'));
  });
});
