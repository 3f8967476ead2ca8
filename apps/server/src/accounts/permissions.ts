/**
 * Account permissions (Evennia's `account.permissions`, issue 16). One exists so far: `Admin`,
 * which opens the admin view (docs/architecture.md#the-admin-view). The superuser has every
 * permission without being granted any, as in Evennia.
 */

/** The permissions an account may be granted, by canonical name. */
export const PERMISSIONS = ['Admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The canonical name of a permission typed in any case; undefined for one that does not exist. */
export function canonicalPermission(typed: string): Permission | undefined {
  const key = typed.trim().toLowerCase();
  return PERMISSIONS.find((p) => p.toLowerCase() === key);
}

/** Whether an account (a record or a live one) holds `permission`: the superuser holds all. */
export function hasPermission(
  account: { isSuperuser: boolean; permissions: ReadonlySet<string> | readonly string[] } | undefined,
  permission: Permission,
): boolean {
  if (!account) return false;
  if (account.isSuperuser) return true;
  const held = account.permissions;
  return Array.isArray(held) ? held.includes(permission) : (held as ReadonlySet<string>).has(permission);
}
