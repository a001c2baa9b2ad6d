import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from './audit.service.js';

// The SPA words each action for people (web/src/features/audit/actions.ts) and offers it in the
// audit filter; an action recorded here but missing there shows as a raw string and cannot be filtered.
describe('audit actions', () => {
  it('has a label in the SPA for every action the API records', () => {
    const web = readFileSync(
      new URL('../../../../web/src/features/audit/actions.ts', import.meta.url),
      'utf8',
    );
    const missing = AUDIT_ACTIONS.filter((action) => !web.includes(`value: '${action}'`));
    expect(missing).toEqual([]);
  });
});
