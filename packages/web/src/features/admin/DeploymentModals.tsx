import { useMutation } from '@apollo/client/react';
import { Alert, Button, Group, Modal, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { AdminDeploymentFieldsFragment } from '../../gql/graphql';
import { describeError, errorCodeOf, errorFieldOf } from '../../ui/errors';
import { notifySuccess } from '../../ui/notify';
import {
  ArchiveDeploymentMutation,
  CreateDeploymentMutation,
  forgetAdminLists,
  RestoreDeploymentMutation,
  UpdateDeploymentMutation,
} from './admin-api';
import { ArchiveConfirmModal } from './ArchiveConfirmModal';
import { OrganisationPicker } from './OrganisationPicker';

export type AdminDeployment = AdminDeploymentFieldsFragment;

const COUNTRY_MESSAGE = 'Use a two-letter country code such as GB or US.';

interface Values {
  organisationId: string | null;
  name: string;
  proxiesEnabled: boolean;
  offboardingEnabled: boolean;
  remindersEnabled: boolean;
  smsDefaultCountry: string;
}

export interface DeploymentFormModalProps {
  opened: boolean;
  onClose: () => void;
  /** The deployment to configure; null to create one. */
  deployment: AdminDeployment | null;
  /** For a new deployment: its organisation, fixed; omitted to let the person pick one. */
  organisation?: { id: string; name: string } | null;
}

/** "New deployment" and "Configure deployment": name and feature switches. */
export function DeploymentFormModal({
  opened,
  onClose,
  deployment,
  organisation,
}: DeploymentFormModalProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={deployment ? 'Configure deployment' : 'New deployment'}
      size="lg"
      centered
    >
      {opened && (
        <DeploymentForm
          deployment={deployment}
          organisation={organisation ?? null}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}

function DeploymentForm({
  deployment,
  organisation,
  onClose,
}: {
  deployment: AdminDeployment | null;
  organisation: { id: string; name: string } | null;
  onClose: () => void;
}) {
  const [values, setValues] = useState<Values>({
    organisationId: deployment?.organisationId ?? organisation?.id ?? null,
    name: deployment?.name ?? '',
    proxiesEnabled: deployment?.settings.proxiesEnabled ?? true,
    offboardingEnabled: deployment?.settings.offboardingEnabled ?? true,
    remindersEnabled: deployment?.settings.remindersEnabled ?? true,
    smsDefaultCountry: deployment?.settings.smsDefaultCountry ?? '',
  });
  const [touched, setTouched] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const pickOrganisation = !deployment && !organisation;
  const [create, { loading: creating }] = useMutation(CreateDeploymentMutation, {
    update: (cache) => forgetAdminLists(cache),
  });
  const [update, { loading: updating }] = useMutation(UpdateDeploymentMutation);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const country = values.smsDefaultCountry.trim().toUpperCase();
  const errors: Record<string, string> = {};
  if (touched && !values.name.trim()) errors['name'] = 'Give the deployment a name.';
  if (touched && !values.organisationId)
    errors['organisationId'] = 'Choose the organisation it belongs to.';
  if (touched && country && !/^[A-Z]{2}$/.test(country))
    errors['smsDefaultCountry'] = COUNTRY_MESSAGE;
  const serverField =
    errorCodeOf(failure) === 'BAD_USER_INPUT' ? (errorFieldOf(failure) ?? null) : null;
  if (serverField === 'smsDefaultCountry') errors['smsDefaultCountry'] = COUNTRY_MESSAGE;
  if (serverField === 'name') errors['name'] = 'Give the deployment a name.';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    setFailure(null);
    if (!values.name.trim() || !values.organisationId || (country && !/^[A-Z]{2}$/.test(country)))
      return;
    const settings = {
      proxiesEnabled: values.proxiesEnabled,
      offboardingEnabled: values.offboardingEnabled,
      remindersEnabled: values.remindersEnabled,
      smsDefaultCountry: country || null,
    };
    try {
      if (deployment) {
        await update({
          variables: { id: deployment.id, input: { name: values.name.trim(), settings } },
        });
        notifySuccess('Deployment saved', `${values.name.trim()} was updated.`);
      } else {
        await create({
          variables: {
            input: { organisationId: values.organisationId, name: values.name.trim(), settings },
          },
        });
        notifySuccess(
          'Deployment created',
          `${values.name.trim()} is ready. Invite its Admin next.`,
        );
      }
      onClose();
    } catch (error) {
      setFailure(error);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        {pickOrganisation ? (
          <OrganisationPicker
            label="Organisation"
            placeholder="Choose an organisation"
            value={values.organisationId}
            onChange={(v) => set('organisationId', v)}
            error={errors['organisationId']}
          />
        ) : (
          organisation && (
            <Text size="sm" c="dimmed">
              In {organisation.name}
            </Text>
          )
        )}
        <TextInput
          label="Name"
          required
          maxLength={200}
          value={values.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={errors['name']}
          data-autofocus
        />
        <Switch
          label="Helpers (proxies)"
          description="Staff may invite a helper for a patient."
          checked={values.proxiesEnabled}
          onChange={(e) => set('proxiesEnabled', e.currentTarget.checked)}
        />
        <Switch
          label="Offboarding"
          description="Staff may offboard and reactivate patients."
          checked={values.offboardingEnabled}
          onChange={(e) => set('offboardingEnabled', e.currentTarget.checked)}
        />
        <Switch
          label="Invitation reminders"
          description="One automatic reminder 24 hours before an invitation expires."
          checked={values.remindersEnabled}
          onChange={(e) => set('remindersEnabled', e.currentTarget.checked)}
        />
        <TextInput
          label="Default SMS country"
          description="Two-letter code (ISO 3166) for mobile numbers typed without a country code. Empty uses the platform default."
          placeholder="GB"
          maxLength={2}
          w={260}
          value={values.smsDefaultCountry}
          onChange={(e) => set('smsDefaultCountry', e.currentTarget.value.toUpperCase())}
          error={errors['smsDefaultCountry']}
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
            {deployment ? 'Save' : 'Create deployment'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Archive deployment?" / "Restore deployment?" with what it means for the people in it. */
export function ArchiveDeploymentModal({
  deployment,
  onClose,
}: {
  deployment: AdminDeployment | null;
  onClose: () => void;
}) {
  const restoring = deployment?.status === 'ARCHIVED';
  const [archive, { loading: archiving }] = useMutation(ArchiveDeploymentMutation);
  const [restore, { loading: restoringNow }] = useMutation(RestoreDeploymentMutation);
  return (
    <ArchiveConfirmModal
      target={deployment && { noun: 'deployment', name: deployment.name, restoring }}
      loading={archiving || restoringNow}
      onConfirm={() =>
        restoring
          ? restore({ variables: { id: deployment.id } })
          : archive({ variables: { id: deployment!.id } })
      }
      onClose={onClose}
    >
      {restoring ? (
        <>
          <strong>{deployment?.name}</strong> becomes active again; the people given a role in it
          get their access back.
        </>
      ) : (
        <>
          People who only work in <strong>{deployment?.name}</strong> lose access to it at once.
          Organisation administrators still see it, marked archived, and can restore it. Nothing is
          deleted.
        </>
      )}
    </ArchiveConfirmModal>
  );
}
