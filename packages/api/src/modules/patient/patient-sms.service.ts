import { randomUUID } from 'node:crypto';
import type { Channel } from '@porter/shared';
import { access, type Viewer } from '../../common/access.js';
import { AppError, BadInputError } from '../../common/errors.js';
import { smsLength } from '../../infra/sms/segments.js';
import { newToken } from '../auth/index.js';
import { DeploymentEntity } from '../deployment/index.js';
import { CHANNEL_SPECS, invitationLink, renderInvitationMessage } from '../delivery/index.js';
import {
  expiryHoursFor,
  OPEN_INVITATION_SQL,
  writeInvitations,
  type InvitationDeps,
  type InviteResult,
} from '../invitation/index.js';
import { resolveDeploymentScope } from '../organisation/index.js';
import type { PatientStatus } from './patient.entity.js';
import { parseMobile, type ParsedMobile } from '../../infra/sms/phone.js';

export interface PatientSmsInput {
  organisationId: string;
  deploymentId: string;
  firstName: string;
  lastName: string;
  mobile: string;
  expiryHours?: number | null;
  /** A channel whose address is a mobile number; SMS when not given. */
  channel?: Channel | null;
}

export interface PatientSmsDeps extends InvitationDeps {
  /** Country for numbers typed without +country code, unless the deployment sets its own. */
  smsDefaultCountry: string;
}

/** The shown token: the real one is made only when the invitation is sent. */
const HIDDEN_TOKEN = '…';
/** Same length as a real token (32 bytes, base64url), so the preview counts what will be sent. */
const TOKEN_STAND_IN = 'x'.repeat(newToken().length);

/** Patients invited by text message: preview exactly what will be sent, then send it. */
export class PatientSmsService {
  constructor(private readonly deps: PatientSmsDeps) {}

  private get em() {
    return this.deps.em;
  }

  /**
   * The text an SMS invitation would send and the number it goes to, without sending anything.
   * Needs `patient:manage`. Errors: NOT_FOUND, FORBIDDEN, INVALID_PHONE, BAD_USER_INPUT.
   */
  async preview(viewer: Viewer, input: PatientSmsInput) {
    const { mobile, names, deployment, expiresAt, channel } = await this.check(viewer, input);
    // The worker's own template, so the preview is exactly what will be sent.
    const text = async (token: string) => {
      const message = await renderInvitationMessage(channel, {
        kind: 'PATIENT',
        to: mobile.e164,
        link: invitationLink(this.deps.appUrl, token),
        expiresAt,
        reminder: false,
        organisationName: deployment.organisation.name,
        deploymentName: deployment.name,
        roleName: null,
        inviterName: null,
        inviterEmail: null,
        firstName: names.firstName,
      });
      return message.text;
    };
    const { characters, segments } = smsLength(await text(TOKEN_STAND_IN));
    return {
      to: mobile.e164,
      toDisplay: mobile.display,
      text: await text(HIDDEN_TOKEN),
      characters,
      segments,
    };
  }

  /**
   * Invites one patient by text message: INVITED (patient, invitation and a queued SMS delivery
   * written in one transaction, the worker woken after commit), ALREADY_PENDING (a pending
   * invitation to that mobile here: resend it) or ALREADY_MEMBER (an active or offboarded patient
   * with that mobile). Needs `patient:manage`; audited. Errors as for `preview`.
   */
  async invite(
    viewer: Viewer,
    input: PatientSmsInput,
    ip: string | null,
  ): Promise<{ batchId: string; results: InviteResult[] }> {
    const { mobile, names, deployment, expiryHours, now, channel } = await this.check(
      viewer,
      input,
    );
    const organisationId = deployment.organisation.id;
    const deploymentId = deployment.id;
    const result: InviteResult = {
      address: mobile.e164,
      outcome: 'INVITED',
      invitationId: null,
      message: null,
      link: null,
    };
    const batchId = randomUUID();
    await this.em.transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx: unknown = tx.getTransactionContext(); // MikroORM's opaque handle, passed back as is
      const [known] = await conn.execute<
        { id: string; status: PatientStatus; invitation_id: string | null }[]
      >(
        `select p.id, p.status, i.id as invitation_id from patient p
           left join invitation i on i.patient_id = p.id and i.status in ${OPEN_INVITATION_SQL}
          where p.deployment_id = ? and p.mobile = ? for update of p`,
        [deploymentId, mobile.e164],
        'all',
        ctx,
      );
      if (known?.invitation_id) {
        Object.assign(result, {
          outcome: 'ALREADY_PENDING',
          invitationId: known.invitation_id,
          message: 'Already invited; you can resend it.',
        });
        return;
      }
      if (known && known.status !== 'INVITED') {
        const message =
          known.status === 'OFFBOARDED'
            ? 'An offboarded patient here; reactivate them instead.'
            : 'Already a patient here.';
        Object.assign(result, { outcome: 'ALREADY_MEMBER', message });
        return;
      }
      // An invited patient whose invitation was revoked or expired gets a new one on the same record.
      const patientId = known?.id ?? randomUUID();
      if (known) {
        await conn.execute(
          `update patient set first_name = ?, last_name = ?, updated_at = ? where id = ?`,
          [names.firstName, names.lastName, now, patientId],
          'run',
          ctx,
        );
      } else {
        const inserted = await conn.execute<{ id: string }[]>(
          `insert into patient (id, organisation_id, deployment_id, status, channel, first_name, last_name, mobile, invited_by_id, invited_at, created_at, updated_at)
           values (?, ?, ?, 'INVITED', ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing returning id`,
          [
            patientId,
            organisationId,
            deploymentId,
            channel,
            names.firstName,
            names.lastName,
            mobile.e164,
            viewer.userId,
            now,
            now,
            now,
          ],
          'all',
          ctx,
        );
        // A racing call created the patient (and its invitation) first.
        if (!inserted.length) {
          Object.assign(result, {
            outcome: 'ALREADY_PENDING',
            message: 'Already invited; you can resend it.',
          });
          return;
        }
      }
      // One row, so one result.
      const [written] = await writeInvitations(tx, {
        kind: 'PATIENT',
        channel,
        scope: { organisationId, deploymentId },
        inviter: { userId: viewer.userId, email: viewer.email },
        expiryHours,
        batchId,
        now,
        sealer: this.deps.sealer,
        ip,
        rows: [
          {
            address: mobile.e164,
            fullName: `${names.firstName} ${names.lastName}`,
            patientId,
          },
        ],
        after: { kind: 'PATIENT', channel },
      });
      if (!written?.created) {
        Object.assign(result, {
          outcome: 'ALREADY_PENDING',
          invitationId: written?.invitationId ?? null,
          message: 'Already invited; you can resend it.',
        });
        return;
      }
      result.invitationId = written.invitationId;
    });
    if (result.outcome === 'INVITED') await this.deps.notifyDelivery();
    return { batchId, results: [result] };
  }

  /** Scope, permission, names, expiry and number, in that order (a stranger learns nothing from a bad number). */
  private async check(viewer: Viewer, input: PatientSmsInput) {
    const scope = await resolveDeploymentScope(
      this.em,
      viewer,
      input.organisationId,
      input.deploymentId,
    );
    access.require(viewer, 'patient:manage', scope);
    const channel = input.channel ?? 'SMS';
    if (CHANNEL_SPECS[channel].address !== 'mobile')
      throw new BadInputError(
        'Invite by email in the Email tab; this one takes a mobile channel.',
        {
          field: 'channel',
        },
      );
    const clean = (v: string) => v.trim().replace(/\s+/g, ' ');
    const names = { firstName: clean(input.firstName), lastName: clean(input.lastName) };
    if (!names.firstName || names.firstName.length > 100)
      throw new BadInputError('Enter a first name of at most 100 characters.', {
        field: 'firstName',
      });
    if (!names.lastName || names.lastName.length > 100)
      throw new BadInputError('Enter a last name of at most 100 characters.', {
        field: 'lastName',
      });
    const expiryHours = expiryHoursFor('PATIENT', input.expiryHours);
    const deployment = await this.em.findOneOrFail(
      DeploymentEntity,
      { id: scope.deploymentId },
      { populate: ['organisation'] },
    );
    const mobile: ParsedMobile | null = parseMobile(
      input.mobile,
      deployment.settings.smsDefaultCountry ?? this.deps.smsDefaultCountry,
    );
    if (!mobile) throw new AppError('INVALID_PHONE', undefined, { field: 'mobile' });
    const now = this.deps.clock.now();
    return {
      channel,
      mobile,
      names,
      deployment,
      expiryHours,
      expiresAt: new Date(now.getTime() + expiryHours * 3_600_000),
      now,
    };
  }
}
