import { getMetadataStorage } from 'type-graphql';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.js';
import { createSchema, GUARDED_RESOLVERS, PUBLIC_RESOLVERS } from './schema.js';

// The only root fields reachable without a session, each deliberately public.
const PUBLIC_FIELDS = [
  'Query.viewer',
  'Mutation.signIn',
  'Mutation.signOut',
  'Query.invitation',
  'Mutation.acceptInvitation',
  'Query.devOutbox',
  'Mutation.requestSignInCode',
  'Mutation.signInWithCode',
  'Query.inviteLink',
  'Mutation.requestJoinCode',
  'Mutation.verifyJoinCode',
  'Mutation.joinWithTicket',
];

let api: TestApi;
let schema: GraphQLSchema;
beforeAll(async () => {
  api = await startTestApi();
  schema = await createSchema();
});
afterAll(async () => {
  await api.stop();
});

/** A valid value for any input type, so that only the guard can stop the call. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sample(f.type)]),
    );
  }
  const name = getNamedType(type).name;
  return (
    { ID: '00000000-0000-0000-0000-000000000000', Int: 1, Float: 1, Boolean: true }[name] ?? 'x'
  );
}

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
      const isPublic = (PUBLIC_RESOLVERS as readonly unknown[]).includes(target);
      expect(isPublic || guarded.has(target), `${target.name} has no @Authorized()`).toBe(true);
    }
    for (const resolver of GUARDED_RESOLVERS)
      expect(guarded.has(resolver), resolver.name).toBe(true);
  });

  it('exposes only the intended public operations', () => {
    const publicTargets = new Set<unknown>(PUBLIC_RESOLVERS);
    const fields = rootFields()
      .filter((f) => publicTargets.has(f.target))
      .map((f) => f.name)
      .sort();
    expect(fields).toEqual([...PUBLIC_FIELDS].sort());
  });

  it('answers UNAUTHENTICATED to every other query and mutation without a session', async () => {
    const client = api.client();
    let checked = 0;
    for (const type of [schema.getQueryType(), schema.getMutationType()]) {
      for (const field of Object.values(type!.getFields())) {
        if (PUBLIC_FIELDS.includes(`${type!.name}.${field.name}`)) continue;
        // Supply every required argument with a valid value, as variables.
        const args = field.args.filter(
          (a) => isNonNullType(a.type) && a.defaultValue === undefined,
        );
        const declared = args.length
          ? `(${args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})`
          : '';
        const passed = args.length
          ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})`
          : '';
        const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
        const op = type === schema.getMutationType() ? 'mutation' : 'query';
        const variables = Object.fromEntries(args.map((a) => [a.name, sample(a.type)]));
        const result = await client.request(
          `${op}${declared} { ${field.name}${passed}${selection} }`,
          variables,
        );
        expect(result.errors?.[0]?.extensions?.code, `${type!.name}.${field.name}`).toBe(
          'UNAUTHENTICATED',
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
});
