import { describe, expect, it } from 'vitest';
import { useTestApi } from '../../test/harness.js';

const testApi = useTestApi();

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${testApi().url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

describe('errors of the HTTP layer', () => {
  it('answers a body that is not JSON with 400 BAD_REQUEST as JSON, not an HTML page', async () => {
    const response = await post(
      '/graphql',
      '{"query":"mutation { signIn(email: \\"a@b.org\\", password: \\"hunter2-secret\\") { id } }"',
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({
      code: 'BAD_REQUEST',
      message: 'The request body is not valid JSON.',
    });
    expect(body).not.toContain('hunter2');
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await post('/graphql', JSON.stringify({ query: 'x'.repeat(3 * 1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The request is too large.',
    });
  });

  it('suggests no field names outside development (they would spell out the schema)', async () => {
    const response = await post('/graphql', JSON.stringify({ query: '{ viewr { id } }' }));
    const body = (await response.json()) as {
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(body.errors[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0]!.message).toBe('Cannot query field "viewr" on type "Query".');
  });

  it('refuses a public operation asked more than once in one request, before it runs', async () => {
    const signIns = Array.from(
      { length: 3 },
      (_, i) =>
        `s${i}: signIn(email: "nobody-${i}@example.org", password: "wrong password ${i}") { id }`,
    ).join(' ');
    const aliased = await post('/graphql', JSON.stringify({ query: `mutation { ${signIns} }` }));
    const body = (await aliased.json()) as {
      data?: unknown;
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'signIn may be asked once per request; this one asks 3 times.',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
    expect(aliased.headers.getSetCookie()).toEqual([]);
    // Through fragments too; and once is fine.
    const viaFragments = await post(
      '/graphql',
      JSON.stringify({
        query: `query { ...a ...b } fragment a on Query { x: invitation(token: "a") { state } } fragment b on Query { y: invitation(token: "b") { state } }`,
      }),
    );
    expect(
      ((await viaFragments.json()) as { errors: { message: string }[] }).errors[0]!.message,
    ).toBe('invitation may be asked once per request; this one asks 2 times.');
    const once = await post(
      '/graphql',
      JSON.stringify({ query: '{ invitation(token: "not-a-token") { state } }' }),
    );
    expect(((await once.json()) as { errors?: unknown }).errors).toBeUndefined();
  });

  it('answers an unknown API path with 404 NOT_FOUND as JSON', async () => {
    for (const path of ['/api/nothing-here', '/webhooks/unknown']) {
      const response = await fetch(`${testApi().url}${path}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        code: 'NOT_FOUND',
        message: 'That item does not exist or you cannot see it.',
      });
    }
  });
});
