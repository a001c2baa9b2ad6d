import { PATIENTS_PAGE_SIZE, PatientsPageQuery } from '../features/patients/patients-api';
import type {
  DeliveryStatus,
  PatientChannel,
  PatientHelperFieldsFragment,
  PatientStatus,
  PatientType,
} from '../gql/graphql';
import { DIABETES, ORG } from './fixtures';
import { pageInfo } from './mocks';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface PatientOptions {
  status?: PatientStatus;
  channel?: PatientChannel;
  /** Identifier fields; leave out (null) for viewers without `patient:view-identifiers`. */
  email?: string | null;
  mobile?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  offboardReason?: string | null;
  offboardNote?: string | null;
  expired?: boolean;
  deliveryStatus?: DeliveryStatus;
  deliveryError?: string | null;
  remindedAt?: string | null;
  can?: {
    offboard?: boolean;
    reactivate?: boolean;
    manageInvitation?: boolean;
    retryDelivery?: boolean;
    manageHelpers?: boolean;
  };
  helpers?: PatientHelperFieldsFragment[];
}

/** One edge of `patients`, as PatientsPageQuery asks for it; times are relative to now. */
export function patientEdge(id: string, displayName: string, options: PatientOptions = {}) {
  const now = Date.now();
  const {
    status = 'ACTIVE',
    channel = 'EMAIL',
    email = null,
    mobile = null,
    firstName = null,
    lastName = null,
    offboardReason = status === 'OFFBOARDED' ? 'COMPLETED' : null,
    offboardNote = null,
    expired = false,
    deliveryStatus = 'SENT',
    deliveryError = null,
    remindedAt = null,
    can = {},
    helpers = [],
  } = options;
  const invited = status === 'INVITED';
  return {
    __typename: 'PatientEdge' as const,
    cursor: `cursor-${id}`,
    node: {
      __typename: 'Patient' as const,
      id,
      status,
      channel,
      displayName,
      firstName,
      lastName,
      email,
      mobile,
      invitedAt: new Date(now - 10 * DAY).toISOString(),
      joinedAt: invited ? null : new Date(now - 9 * DAY).toISOString(),
      offboardedAt: status === 'OFFBOARDED' ? new Date(now - DAY).toISOString() : null,
      offboardReason,
      offboardNote,
      invitation: invited
        ? {
            __typename: 'PatientInvitation' as const,
            id: `inv-${id}`,
            channel: channel === 'SMS' ? ('SMS' as const) : ('EMAIL' as const),
            address: channel === 'SMS' ? mobile : email,
            createdAt: new Date(now - 10 * DAY).toISOString(),
            sentAt: new Date(now - 5 * MINUTE).toISOString(),
            reminderDue: !remindedAt && !expired,
            invitedBy: { __typename: 'Inviter' as const, id: 'user-admin', fullName: 'Ada Admin' },
            lastSentAt: new Date(now - 5 * MINUTE).toISOString(),
            sentCount: 1,
            expiresAt: new Date(now + (expired ? -2 * 60 : 3 * 24 * 60 + 1) * MINUTE).toISOString(),
            expired,
            remindedAt,
            deliveryStatus,
            deliveryError,
          }
        : null,
      helpers,
      viewerCan: {
        __typename: 'PatientViewerCan' as const,
        offboard: can.offboard ?? false,
        reactivate: can.reactivate ?? false,
        manageInvitation: can.manageInvitation ?? false,
        retryDelivery: can.retryDelivery ?? false,
        manageHelpers: can.manageHelpers ?? false,
      },
    },
  };
}

export type PatientEdge = ReturnType<typeof patientEdge>;

export interface PatientVariables {
  deploymentId?: string;
  type?: PatientType;
  search?: string | null;
  after?: string;
}

/** PatientsPageQuery with the page's defaults (Diabetes, all patients), overridden by `variables`. */
export function patientsMock(variables: PatientVariables, edges: PatientEdge[], next = false) {
  return {
    request: {
      query: PatientsPageQuery,
      variables: {
        organisationId: ORG.id,
        deploymentId: DIABETES.id,
        type: 'ALL',
        search: null,
        first: PATIENTS_PAGE_SIZE,
        ...variables,
      },
    },
    result: {
      data: {
        patients: {
          __typename: 'PatientConnection' as const,
          edges,
          pageInfo: pageInfo(edges.at(-1)?.cursor ?? null, next),
        },
      },
    },
  };
}
