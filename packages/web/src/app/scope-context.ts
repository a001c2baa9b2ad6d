import { createContext, useContext } from 'react';
import type { CurrentScope } from './access';

export interface ScopeDeployment {
  id: string;
  name: string;
  status: string;
}

/** The scope the URL points at, checked against the API: set below `/o/:organisationId`, null elsewhere. */
export interface ScopeState {
  scope: CurrentScope;
  organisation: { id: string; name: string };
  /** Set at deployment level. */
  deployment: ScopeDeployment | null;
  /** The organisation's deployments the viewer may enter. */
  deployments: readonly ScopeDeployment[];
}

export const ScopeContext = createContext<ScopeState | null>(null);

/** The current organisation/deployment, or null outside an organisation (e.g. /admin). */
export function useScopeState(): ScopeState | null {
  return useContext(ScopeContext);
}

/** The current scope for pages that only live below `/o/:organisationId`. */
export function useRequiredScope(): ScopeState {
  const state = useContext(ScopeContext);
  if (!state) throw new Error('useRequiredScope() needs an organisation in the URL');
  return state;
}
