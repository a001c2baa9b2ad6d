import { isWebAddress } from '@porter/shared';
import { useMutation } from '@apollo/client/react';
import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useId, useState, type FormEvent } from 'react';
import type { AdminOrganisationFieldsFragment, OrganisationKind } from '../../gql/graphql';
import { describeError, errorCodeOf, errorFieldOf } from '../../ui/errors';
import { notifySuccess } from '../../ui/notify';
import {
  ArchiveOrganisationMutation,
  CreateOrganisationMutation,
  DeleteOrganisationMutation,
  forgetAdminLists,
  RestoreOrganisationMutation,
  UpdateOrganisationMutation,
} from './admin-api';
import { ArchiveConfirmModal } from './ArchiveConfirmModal';

export type AdminOrganisation = AdminOrganisationFieldsFragment;

export const KIND_OPTIONS: { value: OrganisationKind; label: string }[] = [
  { value: 'REMOTE_PATIENT_MONITORING', label: 'Remote patient monitoring' },
  { value: 'CLINICAL_TRIAL', label: 'Clinical trial' },
];

/** What each field says when the API names it in a BAD_USER_INPUT refusal. */
const FIELD_MESSAGES: Record<string, string> = {
  name: 'Give the organisation a name.',
  completionTarget: 'The completion target cannot be above the enrolment target.',
  enrolmentTarget: 'Use a whole number of 0 or more.',
  termsOfUseUrl: 'Enter a full web address starting with https://.',
  privacyPolicyUrl: 'Enter a full web address starting with https://.',
  contactUrl: 'Enter a full web address starting with https://.',
};

interface Values {
  name: string;
  kind: OrganisationKind;
  enrolmentTarget: number | '';
  completionTarget: number | '';
  termsOfUseUrl: string;
  privacyPolicyUrl: string;
  contactUrl: string;
}

function initialValues(organisation: AdminOrganisation | null): Values {
  return {
    name: organisation?.name ?? '',
    kind: organisation?.kind ?? 'REMOTE_PATIENT_MONITORING',
    enrolmentTarget: organisation?.enrolmentTarget ?? '',
    completionTarget: organisation?.completionTarget ?? '',
    termsOfUseUrl: organisation?.legalLinks.termsOfUseUrl ?? '',
    privacyPolicyUrl: organisation?.legalLinks.privacyPolicyUrl ?? '',
    contactUrl: organisation?.legalLinks.contactUrl ?? '',
  };
}

function localErrors(values: Values): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!values.name.trim()) errors['name'] = FIELD_MESSAGES['name']!;
  if (
    values.enrolmentTarget !== '' &&
    values.completionTarget !== '' &&
    values.completionTarget > values.enrolmentTarget
  ) {
    errors['completionTarget'] = FIELD_MESSAGES['completionTarget']!;
  }
  for (const field of ['termsOfUseUrl', 'privacyPolicyUrl', 'contactUrl'] as const) {
    if (values[field].trim() && !isWebAddress(values[field].trim()))
      errors[field] = FIELD_MESSAGES[field]!;
  }
  return errors;
}

export interface OrganisationFormModalProps {
  opened: boolean;
  onClose: () => void;
  /** The organisation to edit; null to create one. */
  organisation: AdminOrganisation | null;
  onSaved?: (organisation: AdminOrganisation) => void;
}

/** "New organisation" and "Edit organisation": name, kind, targets and legal links. */
export function OrganisationFormModal({
  opened,
  onClose,
  organisation,
  onSaved,
}: OrganisationFormModalProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={organisation ? 'Edit organisation' : 'New organisation'}
      size="lg"
      centered
    >
      {opened && (
        <OrganisationForm organisation={organisation} onClose={onClose} onSaved={onSaved} />
      )}
    </Modal>
  );
}

function OrganisationForm({
  organisation,
  onClose,
  onSaved,
}: Omit<OrganisationFormModalProps, 'opened'>) {
  const [values, setValues] = useState<Values>(() => initialValues(organisation));
  const [touched, setTouched] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const kindLabel = useId();
  const [create, { loading: creating }] = useMutation(CreateOrganisationMutation, {
    update: (cache) => forgetAdminLists(cache),
  });
  const [update, { loading: updating }] = useMutation(UpdateOrganisationMutation);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const errors = touched ? localErrors(values) : {};
  const serverField =
    errorCodeOf(failure) === 'BAD_USER_INPUT' ? (errorFieldOf(failure) ?? null) : null;
  if (serverField && FIELD_MESSAGES[serverField] && !errors[serverField])
    errors[serverField] = FIELD_MESSAGES[serverField];

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    setFailure(null);
    if (Object.keys(localErrors(values)).length > 0) return;
    const input = {
      name: values.name.trim(),
      kind: values.kind,
      enrolmentTarget: values.enrolmentTarget === '' ? null : values.enrolmentTarget,
      completionTarget: values.completionTarget === '' ? null : values.completionTarget,
      termsOfUseUrl: values.termsOfUseUrl.trim() || null,
      privacyPolicyUrl: values.privacyPolicyUrl.trim() || null,
      contactUrl: values.contactUrl.trim() || null,
    };
    try {
      if (organisation) {
        const { data } = await update({ variables: { id: organisation.id, input } });
        const saved = data!.updateOrganisation;
        notifySuccess('Organisation saved', `${saved.name} was updated.`);
        onSaved?.(saved);
      } else {
        const { data } = await create({ variables: { input } });
        const saved = data!.createOrganisation;
        notifySuccess(
          'Organisation created',
          `${saved.name} is ready. Invite its first administrators next.`,
        );
        onSaved?.(saved);
      }
      onClose();
    } catch (error) {
      setFailure(error);
    }
  }

  const number = (value: string | number): number | '' => (typeof value === 'number' ? value : '');
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        <TextInput
          label="Name"
          required
          value={values.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={errors['name']}
          maxLength={200}
          data-autofocus
        />
        <Stack gap={4}>
          <Text id={kindLabel} size="sm" fw={500}>
            Kind
          </Text>
          <SegmentedControl
            aria-labelledby={kindLabel}
            data={KIND_OPTIONS}
            value={values.kind}
            onChange={(v) => set('kind', v)}
          />
        </Stack>
        <Group grow align="flex-start">
          <NumberInput
            label="Enrolment target"
            description="Patients to enrol (optional)"
            min={0}
            allowDecimal={false}
            allowNegative={false}
            value={values.enrolmentTarget}
            onChange={(v) => set('enrolmentTarget', number(v))}
            error={errors['enrolmentTarget']}
          />
          <NumberInput
            label="Completion target"
            description="Patients to complete (optional)"
            min={0}
            allowDecimal={false}
            allowNegative={false}
            value={values.completionTarget}
            onChange={(v) => set('completionTarget', number(v))}
            error={errors['completionTarget']}
          />
        </Group>
        <TextInput
          label="Terms of use"
          placeholder="https://"
          type="url"
          value={values.termsOfUseUrl}
          onChange={(e) => set('termsOfUseUrl', e.currentTarget.value)}
          error={errors['termsOfUseUrl']}
        />
        <TextInput
          label="Privacy policy"
          placeholder="https://"
          type="url"
          value={values.privacyPolicyUrl}
          onChange={(e) => set('privacyPolicyUrl', e.currentTarget.value)}
          error={errors['privacyPolicyUrl']}
        />
        <TextInput
          label="Contact page"
          placeholder="https://"
          type="url"
          value={values.contactUrl}
          onChange={(e) => set('contactUrl', e.currentTarget.value)}
          error={errors['contactUrl']}
        />
        {failure !== null && !serverField && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertCircle size={20} />}
            role="alert"
            title="Not saved"
          >
            {describeError(failure)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={creating || updating}>
            {organisation ? 'Save' : 'Create organisation'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export interface OrganisationActionModalProps {
  organisation: AdminOrganisation | null;
  onClose: () => void;
}

/** "Archive organisation?" (or "Restore organisation?") with what it means for its members. */
export function ArchiveOrganisationModal({ organisation, onClose }: OrganisationActionModalProps) {
  const restoring = organisation?.archivedAt != null;
  const [archive, { loading: archiving }] = useMutation(ArchiveOrganisationMutation);
  const [restore, { loading: restoringNow }] = useMutation(RestoreOrganisationMutation);
  return (
    <ArchiveConfirmModal
      target={organisation && { noun: 'organisation', name: organisation.name, restoring }}
      loading={archiving || restoringNow}
      onConfirm={() =>
        restoring
          ? restore({ variables: { id: organisation.id } })
          : archive({ variables: { id: organisation!.id } })
      }
      onClose={onClose}
    >
      {restoring ? (
        <>
          <strong>{organisation?.name}</strong> comes back for its members: they see it and work in
          it again at once.
        </>
      ) : (
        <>
          <strong>{organisation?.name}</strong> disappears for its members at once: nobody can sign
          in to it or see its patients. Platform staff still see it, and a Super Admin can restore
          it.
        </>
      )}
    </ArchiveConfirmModal>
  );
}

/** "Delete organisation": the person types the organisation's name to confirm; the API checks it too. */
export function DeleteOrganisationModal({
  organisation,
  onClose,
  onDeleted,
}: OrganisationActionModalProps & { onDeleted?: () => void }) {
  return (
    <Modal opened={organisation !== null} onClose={onClose} title="Delete organisation" centered>
      {organisation && (
        <DeleteOrganisationForm
          organisation={organisation}
          onClose={onClose}
          onDeleted={onDeleted}
        />
      )}
    </Modal>
  );
}

function DeleteOrganisationForm({
  organisation,
  onClose,
  onDeleted,
}: {
  organisation: AdminOrganisation;
  onClose: () => void;
  onDeleted?: () => void;
}) {
  const [typed, setTyped] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const [remove, { loading }] = useMutation(DeleteOrganisationMutation, {
    update: (cache) => forgetAdminLists(cache),
  });
  const matches = typed.trim() === organisation.name;

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (!matches) return;
    setFailure(null);
    try {
      await remove({ variables: { id: organisation.id, confirmName: typed.trim() } });
      notifySuccess(
        'Organisation deleted',
        `${organisation.name} and everything in it were deleted.`,
      );
      onClose();
      onDeleted?.();
    } catch (error) {
      setFailure(error);
    }
  }

  return (
    <form onSubmit={(e) => void confirm(e)}>
      <Stack gap="md">
        <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />}>
          This deletes <strong>{organisation.name}</strong> with its deployments, staff roles,
          invitations and patients. It cannot be undone. The audit log keeps its history.
        </Alert>
        <TextInput
          label={
            <>
              Type <strong>{organisation.name}</strong> to confirm
            </>
          }
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          autoComplete="off"
          data-autofocus
        />
        {failure !== null && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} role="alert">
            {describeError(failure)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="red" disabled={!matches} loading={loading}>
            Delete organisation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
