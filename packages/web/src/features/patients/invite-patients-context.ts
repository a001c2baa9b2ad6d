import { createContext, useContext } from 'react';

/**
 * Opens the "Invite patients" dialog for the current deployment; null when the viewer may not
 * invite patients there (or is not inside a deployment). Set by the app shell, which holds the
 * one dialog (the Patients page and the account menu both open it).
 */
export const InvitePatientsContext = createContext<(() => void) | null>(null);

export function useInvitePatients(): (() => void) | null {
  return useContext(InvitePatientsContext);
}
