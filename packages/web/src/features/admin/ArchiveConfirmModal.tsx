import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { describeError } from '../../ui/errors';
import { notifySuccess } from '../../ui/notify';

export interface ArchiveConfirmModalProps {
  /** What is archived or restored, e.g. "organisation"; null closes the dialog. */
  target: { noun: string; name: string; restoring: boolean } | null;
  /** What archiving (or restoring) means for the people in it. */
  children: ReactNode;
  loading: boolean;
  /** Archives or restores; a rejection is shown in the dialog, which stays open. */
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}

/** "Archive …?" / "Restore …?" for organisations and deployments alike. */
export function ArchiveConfirmModal({
  target,
  children,
  loading,
  onConfirm,
  onClose,
}: ArchiveConfirmModalProps) {
  const [failure, setFailure] = useState<unknown>(null);
  const restoring = target?.restoring ?? false;
  const noun = target?.noun ?? '';
  const capital = noun.charAt(0).toUpperCase() + noun.slice(1);

  async function confirm() {
    if (!target) return;
    setFailure(null);
    try {
      await onConfirm();
      notifySuccess(restoring ? `${capital} restored` : `${capital} archived`, target.name);
      onClose();
    } catch (error) {
      setFailure(error);
    }
  }

  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={restoring ? `Restore ${noun}?` : `Archive ${noun}?`}
      centered
    >
      {target && (
        <Stack gap="md">
          <Text size="sm">{children}</Text>
          {failure !== null && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} role="alert">
              {describeError(failure)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              color={restoring ? undefined : 'orange'}
              loading={loading}
              onClick={() => void confirm()}
            >
              {restoring ? 'Restore' : 'Archive'}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
