import {
  ActionIcon,
  Badge,
  Box,
  Checkbox,
  Group,
  Menu,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { MANDATORY_PERMISSION, PERMISSION_GROUPS } from '@porter/shared';
import { IconCheck, IconDots, IconPencil, IconTrash } from '@tabler/icons-react';
import { Fragment } from 'react';

export interface MatrixPermission {
  key: string;
  label: string;
  description: string;
  group: string;
}

export interface MatrixRole {
  id: string;
  name: string;
  description: string;
  isDefault: boolean;
  permissions: readonly string[];
  /** What the viewer may do with the role; default roles and roles without it are read-only. */
  viewerCan?: { edit: boolean; delete: boolean } | null;
}

export interface RolesMatrixProps {
  roles: readonly MatrixRole[];
  permissions: readonly MatrixPermission[];
  /** Ticking or unticking a permission of an editable custom role. Without it the matrix is read-only. */
  onTogglePermission?: (role: MatrixRole, permission: MatrixPermission, held: boolean) => void;
  /** "Rename" in a custom role's column menu. */
  onRename?: (role: MatrixRole) => void;
  /** "Delete role" in a custom role's column menu. */
  onDelete?: (role: MatrixRole) => void;
}

/** Permissions grouped in catalogue group order; groups the catalogue does not know go last. */
export function groupPermissions(
  permissions: readonly MatrixPermission[],
): { group: string; items: MatrixPermission[] }[] {
  const order = (group: string) => {
    const i = (PERMISSION_GROUPS as readonly string[]).indexOf(group);
    return i === -1 ? PERMISSION_GROUPS.length : i;
  };
  const groups = new Map<string, MatrixPermission[]>();
  for (const p of permissions) groups.set(p.group, [...(groups.get(p.group) ?? []), p]);
  return [...groups]
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([group, items]) => ({ group, items }));
}

function editable(role: MatrixRole): boolean {
  return !role.isDefault && role.viewerCan?.edit === true;
}

/** The "…" menu in a custom role's column header: rename, delete. */
function RoleColumnMenu({
  role,
  onRename,
  onDelete,
}: {
  role: MatrixRole;
  onRename?: RolesMatrixProps['onRename'];
  onDelete?: RolesMatrixProps['onDelete'];
}) {
  const canRename = editable(role) && onRename !== undefined;
  const canDelete = !role.isDefault && role.viewerCan?.delete === true && onDelete !== undefined;
  if (!canRename && !canDelete) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          aria-label={`Actions for role ${role.name}`}
        >
          <IconDots size={16} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {canRename && (
          <Menu.Item
            leftSection={<IconPencil size={16} aria-hidden />}
            onClick={() => onRename(role)}
          >
            Rename
          </Menu.Item>
        )}
        {canDelete && (
          <Menu.Item
            color="red"
            leftSection={<IconTrash size={16} aria-hidden />}
            onClick={() => onDelete(role)}
          >
            Delete role
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

/**
 * Roles × permissions: one row per permission (grouped), one column per role. Default roles show
 * a check where they hold a permission; custom roles the viewer may edit show a checkbox instead
 * (`patient:view` stays ticked: every role has it). The header sticks while the table scrolls.
 */
export function RolesMatrix({
  roles,
  permissions,
  onTogglePermission,
  onRename,
  onDelete,
}: RolesMatrixProps) {
  const groups = groupPermissions(permissions);
  const held = roles.map((r) => new Set(r.permissions));
  return (
    <Table.ScrollContainer
      minWidth={280 + roles.length * 128}
      maxHeight="calc(100dvh - 240px)"
      type="native"
    >
      <Table
        stickyHeader
        withColumnBorders
        aria-label="Permissions of each role"
        verticalSpacing="xs"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th
              miw={220}
              style={{
                position: 'sticky',
                left: 0,
                zIndex: 3,
                background: 'var(--mantine-color-body)',
              }}
            >
              Permission
            </Table.Th>
            {roles.map((role) => (
              <Table.Th key={role.id} ta="center" miw={120} scope="col">
                <Stack gap={4} align="center">
                  <Tooltip
                    label={role.description}
                    multiline
                    w={260}
                    withArrow
                    openDelay={300}
                    disabled={!role.description}
                  >
                    <Text size="sm" fw={600} ta="center" lh={1.25}>
                      {role.name}
                    </Text>
                  </Tooltip>
                  <Group gap={4} justify="center" wrap="nowrap">
                    {role.isDefault ? (
                      <Badge size="xs" color="gray">
                        Default
                      </Badge>
                    ) : (
                      <Badge size="xs">Custom</Badge>
                    )}
                    {!role.isDefault && (
                      <RoleColumnMenu role={role} onRename={onRename} onDelete={onDelete} />
                    )}
                  </Group>
                </Stack>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map(({ group, items }) => (
            <Fragment key={group}>
              <Table.Tr bg="gray.0">
                <Table.Th colSpan={roles.length + 1} scope="colgroup">
                  {/* The cell spans every column, so its label (not the cell) sticks while scrolling sideways. */}
                  <Text
                    size="xs"
                    tt="uppercase"
                    fw={700}
                    c="dimmed"
                    lts={0.5}
                    display="inline-block"
                    style={{ position: 'sticky', left: 16 }}
                  >
                    {group}
                  </Text>
                </Table.Th>
              </Table.Tr>
              {items.map((permission) => (
                <Table.Tr key={permission.key}>
                  <Table.Th
                    scope="row"
                    fw="normal"
                    style={{
                      position: 'sticky',
                      left: 0,
                      zIndex: 1,
                      background: 'var(--mantine-color-body)',
                    }}
                  >
                    <Text size="sm" fw={500}>
                      {permission.label}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {permission.description}
                    </Text>
                  </Table.Th>
                  {roles.map((role, i) => {
                    const has = held[i]?.has(permission.key) ?? false;
                    if (editable(role) && onTogglePermission) {
                      const mandatory = permission.key === MANDATORY_PERMISSION;
                      const checkbox = (
                        <Checkbox
                          aria-label={`${permission.label} for ${role.name}`}
                          checked={mandatory || has}
                          disabled={mandatory}
                          onChange={(e) =>
                            onTogglePermission(role, permission, e.currentTarget.checked)
                          }
                        />
                      );
                      return (
                        <Table.Td key={role.id} ta="center">
                          <Box display="inline-block">
                            {mandatory ? (
                              <Tooltip label="Every role can view patient data" withArrow>
                                <Box display="inline-block">{checkbox}</Box>
                              </Tooltip>
                            ) : (
                              checkbox
                            )}
                          </Box>
                        </Table.Td>
                      );
                    }
                    return (
                      <Table.Td key={role.id} ta="center">
                        {has ? (
                          <ThemeIcon
                            size={22}
                            radius="xl"
                            variant="light"
                            role="img"
                            aria-label="Held"
                          >
                            <IconCheck size={14} stroke={2.5} aria-hidden />
                          </ThemeIcon>
                        ) : (
                          <>
                            <Text component="span" c="gray.4" aria-hidden>
                              –
                            </Text>
                            <VisuallyHidden>Not held</VisuallyHidden>
                          </>
                        )}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
