import { getMetadataStorage } from 'type-graphql';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.js';
import { createSchema, GUARDED_RESOLVERS, PUBLIC_RESOLVERS } from './schema.js';

// The only root fields reachable without a session, each deliberately public.
const PUBLIC_FIELDS = ['Query.viewer', 'Mutation.signIn', 'Mutation.signOut'];

let api: TestApi;
let schema: GraphQLSchema;
beforeAll(async () => {
  api = await startTestApi();
  schema = await createSchema();
});
afterAll(async () => {
  await api.stop();
});

/** Root fields with the resolver class that declares them. */
function rootFields() {
  const storage = getMetadataStorage();
  return [...storage.queries, ...storage.mutations].map((m) => ({
    name: `${storage.queries.includes(m) ? 'Query' : 'Mutation'}.${m.schemaName}`,
    target: m.target,
  }));
}

describe('resolver guards', () => {
  it('guards every resolver class with @Authorized() unless it is listed as public', () => {
    const storage = getMetadataStorage();
    const guarded = new Set(storage.authorizedResolver.map((a) => a.target));
    const inSchema = new Set(rootFields().map((f) => f.target));
    for (const target of inSchema) {
      const isPublic = (PUBLIC_RESOLVERS as readonly Function[]).includes(target);
      expect(isPublic || guarded.has(target), `${target.name} has no @Authorized()`).toBe(true);
    }
    for (const resolver of GUARDED_RESOLVERS) expect(guarded.has(resolver), resolver.name).toBe(true);
  });

  it('exposes only the intended public operations', () => {
    const publicTargets = new Set<Function>(PUBLIC_RESOLVERS);
    const fields = rootFields().filter((f) => publicTargets.has(f.target)).map((f) => f.name).sort();
    expect(fields).toEqual([...PUBLIC_FIELDS].sort());
  });

  it('answers UNAUTHENTICATED to every other query and mutation without a session', async () => {
    const client = api.client();
    let checked = 0;
    for (const type of [schema.getQueryType(), schema.getMutationType()]) {
      for (const field of Object.values(type!.getFields())) {
        if (PUBLIC_FIELDS.includes(`${type!.name}.${field.name}`)) continue;
        // Supply every required argument with a syntactically valid value.
        const args = field.args.filter((a) => String(a.type).endsWith('!') && a.defaultValue === undefined);
        const argText = args.length ? `(${args.map((a) => `${a.name}: ${String(a.type).startsWith('ID') ? '"00000000-0000-0000-0000-000000000000"' : '"x"'}`).join(', ')})` : '';
        const named = (t: unknown): unknown => ('ofType' in (t as object) ? named((t as { ofType: unknown }).ofType) : t);
        const selection = isObjectType(named(field.type)) ? ' { __typename }' : '';
        const op = type === schema.getMutationType() ? 'mutation' : 'query';
        const result = await client.request(`${op} { ${field.name}${argText}${selection} }`);
        expect(result.errors?.[0]?.extensions?.code, `${type!.name}.${field.name}`).toBe('UNAUTHENTICATED');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
});
