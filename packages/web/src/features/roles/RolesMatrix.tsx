import { Badge, Stack, Table, Text, ThemeIcon, Tooltip, VisuallyHidden } from '@mantine/core';
import { PERMISSION_GROUPS } from '@porter/shared';
import { IconCheck } from '@tabler/icons-react';
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
}

export interface RolesMatrixProps {
  roles: readonly MatrixRole[];
  permissions: readonly MatrixPermission[];
}

/** Permissions grouped in catalogue group order; groups the catalogue does not know go last. */
export function groupPermissions(permissions: readonly MatrixPermission[]): { group: string; items: MatrixPermission[] }[] {
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

/**
 * Roles × permissions: one row per permission (grouped), one column per role, a check where the
 * role holds the permission. The header sticks while the table scrolls both ways.
 */
export function RolesMatrix({ roles, permissions }: RolesMatrixProps) {
  const groups = groupPermissions(permissions);
  const held = roles.map((r) => new Set(r.permissions));
  return (
    <Table.ScrollContainer minWidth={280 + roles.length * 128} maxHeight="calc(100dvh - 240px)" type="native">
      <Table stickyHeader withColumnBorders aria-label="Permissions of each role" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th miw={220} style={{ position: 'sticky', left: 0, zIndex: 3, background: 'var(--mantine-color-body)' }}>
              Permission
            </Table.Th>
            {roles.map((role) => (
              <Table.Th key={role.id} ta="center" miw={120} scope="col">
                <Tooltip label={role.description} multiline w={260} withArrow openDelay={300} disabled={!role.description}>
                  <Stack gap={4} align="center">
                    <Text size="sm" fw={600} ta="center" lh={1.25}>
                      {role.name}
                    </Text>
                    {role.isDefault ? (
                      <Badge size="xs" color="gray">
                        Default
                      </Badge>
                    ) : (
                      <Badge size="xs">Custom</Badge>
                    )}
                  </Stack>
                </Tooltip>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map(({ group, items }) => (
            <Fragment key={group}>
              <Table.Tr bg="gray.0">
                <Table.Th
                  colSpan={roles.length + 1}
                  scope="colgroup"
                  style={{ position: 'sticky', left: 0 }}
                >
                  <Text size="xs" tt="uppercase" fw={700} c="dimmed" lts={0.5}>
                    {group}
                  </Text>
                </Table.Th>
              </Table.Tr>
              {items.map((permission) => (
                <Table.Tr key={permission.key}>
                  <Table.Th
                    scope="row"
                    fw="normal"
                    style={{ position: 'sticky', left: 0, zIndex: 1, background: 'var(--mantine-color-body)' }}
                  >
                    <Text size="sm" fw={500}>
                      {permission.label}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {permission.description}
                    </Text>
                  </Table.Th>
                  {roles.map((role, i) => (
                    <Table.Td key={role.id} ta="center">
                      {held[i]?.has(permission.key) ? (
                        <ThemeIcon size={22} radius="xl" variant="light" role="img" aria-label="Held">
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
                  ))}
                </Table.Tr>
              ))}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
