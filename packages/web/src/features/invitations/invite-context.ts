import { createContext, useContext } from 'react';

/**
 * Opens the "Invite staff members" dialog for the current scope; null when the viewer may not
 * invite there. Set by the app shell, which holds the one dialog (the Staff and Invitations pages
 * and the account menu all open it).
 */
export const InviteStaffContext = createContext<(() => void) | null>(null);

export function useInviteStaff(): (() => void) | null {
  return useContext(InviteStaffContext);
}
