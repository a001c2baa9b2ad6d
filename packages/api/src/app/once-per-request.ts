import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/**
 * The public operations a request may name once: each costs a password hash, a code check or a
 * token lookup, and aliases would multiply that cost (300 aliases of signIn ran 300 argon2 checks
 * and opened 300 sessions; 1,000 of the invitation preview took 4.8 s).
 */
export const ONCE_PER_REQUEST: ReadonlySet<string> = new Set([
  'signIn',
  'signInWithCode',
  'requestSignInCode',
  'acceptInvitation',
  'requestJoinCode',
  'verifyJoinCode',
  'joinWithTicket',
  'invitation',
  'inviteLink',
]);

/**
 * A validation rule: an operation that selects one of ONCE_PER_REQUEST more than once at its
 * root (by aliases, or through fragments) is refused before anything runs, with the field named.
 */
export function oncePerRequest(context: ValidationContext): ASTVisitor {
  const count = (set: SelectionSetNode, seen: Map<string, number>, visited: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (ONCE_PER_REQUEST.has(name)) seen.set(name, (seen.get(name) ?? 0) + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        count(selection.selectionSet, seen, visited);
      } else {
        const name = selection.name.value;
        const fragment = context.getFragment(name);
        if (fragment && !visited.has(name)) {
          visited.add(name);
          count(fragment.selectionSet, seen, visited);
        }
      }
    }
  };
  return {
    OperationDefinition(node) {
      const seen = new Map<string, number>();
      count(node.selectionSet, seen, new Set());
      for (const [name, times] of seen)
        if (times > 1)
          context.reportError(
            new GraphQLError(
              `${name} may be asked once per request; this one asks ${times} times.`,
              {
                nodes: node,
              },
            ),
          );
    },
  };
}
