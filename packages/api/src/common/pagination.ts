import { Field, ObjectType, ArgsType, Int, type ClassType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { BadInputError } from './errors.js';

@ObjectType({
  description: 'Where a page of a connection ends, Relay style.',
  simpleResolvers: true,
})
export class PageInfo {
  @Field(() => Boolean, { description: 'More items follow this page.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to fetch the next page.' })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: 'Page size, 1 to 200.' })
  @Min(1)
  @Max(200)
  first: number = 50;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
}

/** Builds a Relay-style connection type for a node type. */
export function Connection<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page.`, simpleResolvers: true })
  class EdgeType {
    @Field(() => String, { description: 'Opaque position of this item.' })
    cursor!: string;

    @Field(() => node, { description: 'The item.' })
    node!: T;
  }

  @ObjectType(`${name}Connection`, {
    description: `A page of ${name} items.`,
    simpleResolvers: true,
  })
  class ConnectionType implements ConnectionShape<T> {
    @Field(() => [EdgeType], { description: 'Items with their cursors.' })
    edges!: Edge<T>[];

    @Field(() => [node], { description: 'The items of this page.' })
    nodes!: T[];

    @Field(() => PageInfo, { description: 'Where this page ends.' })
    pageInfo!: PageInfo;
  }
  return ConnectionType;
}

/** Keyset cursors: the sort key and id of the last row, base64url JSON. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): (string | number)[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === length &&
      values.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return values;
    }
  } catch {
    // fall through
  }
  throw new BadInputError('The cursor is not valid.', { field: 'after' });
}

/** Turns `first + 1` fetched rows into a page: the extra row only says there is more. */
export function toConnection<Row, T>(
  rows: Row[],
  first: number,
  key: (row: Row) => (string | number)[],
  map: (row: Row) => T,
): ConnectionShape<T> {
  const page = rows.slice(0, first);
  // Cursors are made when a client asks for an edge's cursor: most ask for nodes and endCursor only.
  const edges = page.map((row) => {
    const node = map(row);
    let cursor: string | undefined;
    return {
      node,
      get cursor() {
        return (cursor ??= encodeCursor(key(row)));
      },
    };
  });
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
