/**
 * Kysely's view of the database: one interface per table, column names as they are in SQL
 * (snake_case), so a query reads like the SQL it compiles to. Repositories map rows to the
 * camelCase domain types; nothing outside `db/` and the Sql* repositories should import these.
 *
 * Booleans are `number` (0/1) and times are epoch milliseconds because SQLite has neither a
 * boolean nor a timestamp type. On PostgreSQL the same shapes are `integer` and `bigint` columns
 * (migrations.ts), and the pool reads `bigint` back as a number (postgres.ts), so the
 * repositories see the same values on both engines.
 */
import type { Generated } from 'kysely';

export interface AccountsTable {
  id: Generated<number>;
  /** The name as the player typed it (trimmed, NFC); shown to players. */
  name: string;
  /** `nameKey(name)`: NFKC + lower case. The unique column, so `Bob` and `ｂｏｂ` collide. */
  name_key: string;
  /**
   * `nameSkeleton(name)` (accounts/skeleton.ts): the Unicode TR39 skeleton, unique so look-alike
   * names (`аlice` in Cyrillic for `alice`) collide. Null only for rows written around the
   * repositories; rows that twinned before 0005 carry a `#<id>` suffix.
   */
  name_skeleton: string | null;
  /** An argon2id PHC string; never a password. */
  password_hash: string;
  is_superuser: Generated<number>;
  /** Epoch milliseconds. */
  created_at: number;
  /** Epoch milliseconds, null until the first login. */
  last_login_at: number | null;
  /** The character last puppeted, for auto-puppet on login; null when none (or it was deleted). */
  last_puppet_id: number | null;
}

export interface CharactersTable {
  id: Generated<number>;
  account_id: number;
  name: string;
  name_key: string;
  /** As `accounts.name_skeleton`, among characters. */
  name_skeleton: string | null;
  description: Generated<string>;
  /** The room the character is in; null when it is nowhere (Evennia's `location = None`). */
  location_id: number | null;
  created_at: number;
}

export interface RoomsTable {
  id: Generated<number>;
  name: string;
  description: string;
}

/**
 * One counted attempt of a throttle (accounts/Throttle.ts), kept so a restarted game server
 * still refuses an address it throttled before. No primary key: rows are found by
 * (bucket, key, at), which the Throttle keeps unique.
 */
export interface ThrottleEventsTable {
  /** Which throttle: `login`, `creation`, `password-change`. */
  bucket: string;
  /** What it counts per: an address, or an account id. */
  key: string;
  /** Epoch milliseconds. */
  at: number;
}

/** One permission of an account (`Admin`), as `perm <account> = Admin` grants it. */
export interface AccountPermissionsTable {
  account_id: number;
  /** The permission's canonical name (accounts/permissions.ts). */
  permission: string;
}

export interface DatabaseSchema {
  accounts: AccountsTable;
  account_permissions: AccountPermissionsTable;
  characters: CharactersTable;
  rooms: RoomsTable;
  throttle_events: ThrottleEventsTable;
}
