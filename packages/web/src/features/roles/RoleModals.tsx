import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { describeError } from '../../ui/errors';

export interface NewRoleModalProps {
  opened: boolean;
  onClose: () => void;
  /** Creates the role; a rejection is shown in the form and keeps it open. */
  onCreate: (input: { name: string; description: string }) => Promise<unknown>;
}

/** "New role": a name and what the role is for. Permissions are ticked in the matrix afterwards. */
export function NewRoleModal({ opened, onClose, onCreate }: NewRoleModalProps) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (opened) {
      setName('');
      setDescription('');
      setFailure(null);
    }
  }, [opened]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setFailure('Give the role a name.');
      return;
    }
    setSaving(true);
    setFailure(null);
    try {
      await onCreate({ name: name.trim(), description: description.trim() });
      onClose();
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title="New role" centered>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <TextInput
            label="Name"
            placeholder="e.g. Care coordinator"
            required
            data-autofocus
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={failure}
          />
          <Textarea
            label="Description"
            placeholder="What people with this role do"
            autosize
            minRows={2}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              Create role
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export interface RenameRoleModalProps {
  /** The role being renamed; the modal is closed when null. */
  role: { id: string; name: string } | null;
  onClose: () => void;
  onRename: (name: string) => Promise<unknown>;
}

/** "Rename": the role's name, prefilled. */
export function RenameRoleModal({ role, onClose, onRename }: RenameRoleModalProps) {
  const [name, setName] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (role) {
      setName(role.name);
      setFailure(null);
    }
  }, [role]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setFailure('Give the role a name.');
      return;
    }
    if (name.trim() === role?.name) {
      onClose();
      return;
    }
    setSaving(true);
    setFailure(null);
    try {
      await onRename(name.trim());
      onClose();
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      opened={role !== null}
      onClose={onClose}
      title={role ? `Rename ${role.name}` : 'Rename'}
      centered
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <TextInput
            label="Name"
            required
            data-autofocus
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={failure}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
