import { describe, expect, it } from 'vitest';
import {
  CUSTOM_ROLES,
  DEFAULT_ROLE_KEYS,
  DEFAULT_ROLES,
  MANDATORY_PERMISSION,
  PERMISSION_KEYS,
  PERMISSIONS,
  isValidEmail,
  normaliseEmail,
  passwordProblem,
} from './index.js';

describe('permission catalogue', () => {
  it('has unique resource:action keys', () => {
    expect(new Set(PERMISSION_KEYS).size).toBe(PERMISSIONS.length);
    for (const key of PERMISSION_KEYS) expect(key).toMatch(/^[a-z]+:[a-z-]+$/);
  });
});

describe('default roles', () => {
  it('defines every default role once', () => {
    expect(DEFAULT_ROLES.map((r) => r.key).sort()).toEqual([...DEFAULT_ROLE_KEYS].sort());
  });

  it('gives every role patient:view and only catalogue permissions', () => {
    for (const role of DEFAULT_ROLES) {
      expect(role.permissions, role.key).toContain(MANDATORY_PERMISSION);
      for (const p of role.permissions) expect(PERMISSION_KEYS, `${role.key}: ${p}`).toContain(p);
      expect(new Set(role.permissions).size, role.key).toBe(role.permissions.length);
    }
  });

  it('keeps platform-only permissions on platform roles', () => {
    for (const role of DEFAULT_ROLES.filter((r) => !r.scopes.includes('PLATFORM'))) {
      expect(role.permissions, role.key).not.toContain('platform:organisations');
    }
  });

  it('only grants known roles, and only roles holding staff:manage grant anything', () => {
    for (const role of DEFAULT_ROLES) {
      for (const g of role.grants) expect([...DEFAULT_ROLE_KEYS, CUSTOM_ROLES]).toContain(g);
      if (role.grants.length > 0) expect(role.permissions, role.key).toContain('staff:manage');
    }
  });

  it('lets only Admins grant Admin and Contributor among organisation roles (Huma rule)', () => {
    const granters = (key: string) =>
      DEFAULT_ROLES.filter(
        (r) => !r.scopes.includes('PLATFORM') && r.grants.includes(key as never),
      ).map((r) => r.key);
    expect(granters('CONTRIBUTOR')).toEqual(['ADMIN']);
    expect(granters('DEPLOYMENT_STAFF').sort()).toEqual(['ACCESS_CONTROLLER', 'ADMIN']);
  });
});

describe('validation', () => {
  it('normalises and checks emails', () => {
    expect(normaliseEmail('  Ann@Example.ORG ')).toBe('ann@example.org');
    expect(isValidEmail('ann@example.org')).toBe(true);
    expect(isValidEmail('ann@example')).toBe(false);
    expect(isValidEmail('ann example@x.org')).toBe(false);
  });

  it('applies the password policy', () => {
    expect(passwordProblem('short')).toBe('TOO_SHORT');
    expect(passwordProblem('Password1234')).toBe('TOO_COMMON');
    expect(passwordProblem('correct horse battery')).toBeNull();
  });
});
