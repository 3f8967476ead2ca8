/**
 * Settings (docs/settings.md#settings): defaults < optional settings file < environment. This table is the one
 * place every setting is defined; the README's table mirrors it.
 *
 * The settings file is JSON using the same names as the environment (`{"MUD_PORT": 4002}`), read
 * from `$MUD_SETTINGS_FILE`, else `./mud.settings.json` in the working directory when present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The game code shipped in this repository (Evennia's `mygame/`). */
export const DEFAULT_GAME_MODULE = fileURLToPath(new URL('../game/index.ts', import.meta.url));

export type MultisessionMode = 0 | 1 | 2 | 3;

export interface Settings {
  port: number;
  host: string;
  dataDir: string;
  multisessionMode: MultisessionMode;
  autoCreateCharacterWithAccount: boolean;
  autoPuppetOnLogin: boolean;
  maxNrCharacters: number;
  maxNrSimultaneousPuppets: number;
  loginThrottleLimit: number;
  loginThrottleTimeout: number;
  creationThrottleLimit: number;
  creationThrottleTimeout: number;
  maxCommandRate: number;
  maxConnectionRate: number;
  maxSessionsPerIp: number;
  idleTimeout: number;
  /** Extra browser origins allowed to open `/ws`, normalised (`scheme://host[:port]`). */
  allowedOrigins: string[];
  /** `Host` names `/ws` accepts beyond the defaults (portal/hostCheck.ts); lower case. */
  allowedHosts: string[];
  maxFrameBytes: number;
  /** Bytes of output a socket may have waiting to be sent before it is closed (1008); 0: no cap. */
  maxOutputBuffer: number;
  superuserName: string | undefined;
  superuserPassword: string | undefined;
  serverName: string;
  logLevel: string;
  /** stdout's log format; undefined: `pretty` on a terminal, `json` otherwise. */
  logFormat: 'pretty' | 'json' | undefined;
  /** Seconds between websocket pings; a peer silent for a whole interval is cut off. 0: off. */
  heartbeatInterval: number;
  /** Proxies (IPs or CIDRs) whose X-Forwarded-For is believed. */
  trustedProxies: string[];
  /** Seconds a session whose socket dropped waits to be resumed; 0 disables resume. */
  resumeGrace: number;
  /** The same for a connection the client closed going away (1001: a closed tab, a refresh). */
  resumeGraceClosed: number;
  /** The game's code: a module exporting `game` (a GameDefinition). */
  gameModule: string;
  /** Telnet's port (docs/telnet.md); 0 any free port; null: off. */
  telnetPort: number | null;
  /** Telnet over TLS's port; null: off. */
  telnetTlsPort: number | null;
  /** TLS certificate and key files (PEM) for telnet over TLS; unset: a self-signed pair in the data dir. */
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  /** SSH's port; null: off. */
  sshPort: number | null;
  /**
   * What this process is (docs/cluster.md#roles): `all` runs the portal and forks the game server
   * on one machine; `portal` serves connections only; `server` is the game-server host.
   */
  role: Role;
  /** The NATS server a cluster's portals and game-server host meet at; required by `portal`, `server`. */
  natsUrl: string | undefined;
  /** This portal's name in the cluster, unique among portals; unset: `<host name>-<http port>`. */
  portalId: string | undefined;
  /** `postgres://…` puts accounts and characters in PostgreSQL; unset: SQLite in the data dir. */
  databaseUrl: string | undefined;
}

export type Role = 'all' | 'portal' | 'server';

export class SettingsError extends Error {
  override name = 'SettingsError';
}

type Raw = string | number | boolean | string[];
type Parser<T> = (raw: Raw, name: string) => T;

const int =
  (min: number, max = Number.MAX_SAFE_INTEGER): Parser<number> =>
  (raw, name) => {
    const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new SettingsError(`${name} must be an integer from ${min} to ${max}, got "${String(raw)}"`);
    }
    return n;
  };
const bool: Parser<boolean> = (raw, name) => {
  if (typeof raw === 'boolean') return raw;
  const s = String(raw).trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(s)) return true;
  if (['0', 'false', 'no', 'off'].includes(s)) return false;
  throw new SettingsError(`${name} must be true or false, got "${String(raw)}"`);
};
const str: Parser<string> = (raw) => String(raw);
const list: Parser<string[]> = (raw) =>
  (Array.isArray(raw) ? raw : String(raw).split(',')).map((s) => String(s).trim()).filter((s) => s.length > 0);

/** Browser origins: `http(s)://host[:port]` and nothing more, else the start stops with why. */
const origins: Parser<string[]> = (raw, name) =>
  list(raw, name).map((entry) => {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new SettingsError(`${name}: "${entry}" is not an origin (scheme://host[:port])`);
    }
    const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !bare || !/^https?:\/\/[^/]+\/?$/i.test(entry)) {
      throw new SettingsError(`${name}: "${entry}" is not an origin (http(s)://host[:port], nothing after it)`);
    }
    return url.origin;
  });
/** Host names as a browser sends them in `Host` (no port): letters, digits, dots, hyphens. */
const hostnames: Parser<string[]> = (raw, name) =>
  list(raw, name).map((entry) => {
    const host = entry.toLowerCase();
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(host) || host.length > 253) {
      throw new SettingsError(`${name}: "${entry}" is not a host name (no scheme, no port)`);
    }
    return host;
  });

/** A port number, or `off` (null): a protocol's listener that is not started. */
const portOrOff: Parser<number | null> = (raw, name) => {
  if (String(raw).trim().toLowerCase() === 'off') return null;
  return int(0, 65535)(raw, `${name} (a port, or off)`);
};

const role: Parser<Role> = (raw, name) => {
  const value = String(raw).trim().toLowerCase();
  if (value !== 'all' && value !== 'portal' && value !== 'server')
    throw new SettingsError(`${name} must be all, portal or server, got "${String(raw)}"`);
  return value;
};

/** A URL with one of `schemes`, checked at start rather than at first use. */
const url =
  (...schemes: string[]): Parser<string> =>
  (raw, name) => {
    const value = String(raw).trim();
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new SettingsError(`${name} must be a URL (${schemes.join(', ')}), got "${value}"`);
    }
    if (!schemes.includes(parsed.protocol.replace(/:$/, ''))) {
      throw new SettingsError(`${name} must be a ${schemes.join(' or ')} URL, got "${value}"`);
    }
    return value;
  };

/** A cluster name: short, printable, usable in a NATS subject token. */
const portalId: Parser<string> = (raw, name) => {
  const value = String(raw).trim();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
    throw new SettingsError(`${name} must be 1-64 letters, digits, - or _, got "${value}"`);
  }
  return value;
};

const logFormat: Parser<'pretty' | 'json'> = (raw, name) => {
  const value = String(raw).trim().toLowerCase();
  if (value !== 'pretty' && value !== 'json')
    throw new SettingsError(`${name} must be pretty or json, got "${String(raw)}"`);
  return value;
};

/** Evennia 1.x presets per MULTISESSION_MODE (docs/sessions.md#mode-presets table). */
export const MODE_PRESETS: Record<
  MultisessionMode,
  Pick<
    Settings,
    'autoCreateCharacterWithAccount' | 'autoPuppetOnLogin' | 'maxNrCharacters' | 'maxNrSimultaneousPuppets'
  >
> = {
  0: { autoCreateCharacterWithAccount: true, autoPuppetOnLogin: true, maxNrCharacters: 1, maxNrSimultaneousPuppets: 1 },
  1: { autoCreateCharacterWithAccount: true, autoPuppetOnLogin: true, maxNrCharacters: 1, maxNrSimultaneousPuppets: 1 },
  2: {
    autoCreateCharacterWithAccount: false,
    autoPuppetOnLogin: false,
    maxNrCharacters: 5,
    maxNrSimultaneousPuppets: 5,
  },
  3: {
    autoCreateCharacterWithAccount: false,
    autoPuppetOnLogin: false,
    maxNrCharacters: 5,
    maxNrSimultaneousPuppets: 5,
  },
};

interface Definition<K extends keyof Settings> {
  env: string;
  key: K;
  parse: Parser<Settings[K]>;
  /** undefined: no default here (derived from the mode, or optional). */
  default: Settings[K] | undefined;
}
const def = <K extends keyof Settings>(
  env: string,
  key: K,
  parse: Parser<Settings[K]>,
  dflt: Settings[K] | undefined,
): Definition<K> => ({ env, key, parse, default: dflt });

export const SETTINGS = [
  def('MUD_PORT', 'port', int(0, 65535), 4001),
  def('MUD_HOST', 'host', str, '0.0.0.0'),
  def('MUD_DATA_DIR', 'dataDir', str, './data'),
  def('MUD_MULTISESSION_MODE', 'multisessionMode', int(0, 3) as Parser<MultisessionMode>, 0),
  def('MUD_AUTO_CREATE_CHARACTER_WITH_ACCOUNT', 'autoCreateCharacterWithAccount', bool, undefined),
  def('MUD_AUTO_PUPPET_ON_LOGIN', 'autoPuppetOnLogin', bool, undefined),
  def('MUD_MAX_NR_CHARACTERS', 'maxNrCharacters', int(1, 1000), undefined),
  def('MUD_MAX_NR_SIMULTANEOUS_PUPPETS', 'maxNrSimultaneousPuppets', int(1, 1000), undefined),
  def('MUD_LOGIN_THROTTLE_LIMIT', 'loginThrottleLimit', int(0), 5),
  def('MUD_LOGIN_THROTTLE_TIMEOUT', 'loginThrottleTimeout', int(1), 300),
  def('MUD_CREATION_THROTTLE_LIMIT', 'creationThrottleLimit', int(0), 2),
  def('MUD_CREATION_THROTTLE_TIMEOUT', 'creationThrottleTimeout', int(1), 600),
  def('MUD_MAX_COMMAND_RATE', 'maxCommandRate', int(0), 80),
  def('MUD_MAX_CONNECTION_RATE', 'maxConnectionRate', int(0), 10),
  def('MUD_MAX_SESSIONS_PER_IP', 'maxSessionsPerIp', int(0), 100),
  def('MUD_IDLE_TIMEOUT', 'idleTimeout', int(0), 0),
  def('MUD_ALLOWED_ORIGINS', 'allowedOrigins', origins, []),
  def('MUD_ALLOWED_HOSTS', 'allowedHosts', hostnames, []),
  def('MUD_MAX_FRAME_BYTES', 'maxFrameBytes', int(64, 16 * 1024 * 1024), 65536),
  def('MUD_MAX_OUTPUT_BUFFER', 'maxOutputBuffer', int(0), 4 * 1024 * 1024),
  def('MUD_SUPERUSER_NAME', 'superuserName', str, undefined),
  def('MUD_SUPERUSER_PASSWORD', 'superuserPassword', str, undefined),
  def('MUD_SERVER_NAME', 'serverName', str, 'WebMUD'),
  def('MUD_LOG_LEVEL', 'logLevel', str, 'info'),
  def('MUD_LOG_FORMAT', 'logFormat', logFormat, undefined),
  def('MUD_HEARTBEAT_INTERVAL', 'heartbeatInterval', int(0, 3600), 30),
  def('MUD_TRUSTED_PROXIES', 'trustedProxies', list, []),
  def('MUD_RESUME_GRACE', 'resumeGrace', int(0, 24 * 3600), 60),
  def('MUD_RESUME_GRACE_CLOSED', 'resumeGraceClosed', int(0, 24 * 3600), 10),
  def('MUD_GAME_MODULE', 'gameModule', str, DEFAULT_GAME_MODULE),
  def('MUD_TELNET_PORT', 'telnetPort', portOrOff, 4000),
  def('MUD_TELNET_TLS_PORT', 'telnetTlsPort', portOrOff, null),
  def('MUD_TLS_CERT', 'tlsCert', str, undefined),
  def('MUD_TLS_KEY', 'tlsKey', str, undefined),
  def('MUD_SSH_PORT', 'sshPort', portOrOff, null),
  def('MUD_ROLE', 'role', role, 'all'),
  def('MUD_NATS_URL', 'natsUrl', url('nats', 'tls', 'ws', 'wss'), undefined),
  def('MUD_PORTAL_ID', 'portalId', portalId, undefined),
  def('MUD_DATABASE_URL', 'databaseUrl', url('postgres', 'postgresql'), undefined),
] as const;

export type Env = Record<string, string | undefined>;

/** Reads the optional settings file. Its keys are the environment names. */
export function readSettingsFile(env: Env, cwd: string): Record<string, Raw> {
  const explicit = env.MUD_SETTINGS_FILE;
  const file = explicit ? resolve(cwd, explicit) : resolve(cwd, 'mud.settings.json');
  if (!existsSync(file)) {
    if (explicit) throw new SettingsError(`MUD_SETTINGS_FILE ${file} does not exist`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SettingsError(`settings file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SettingsError(`settings file ${file} must hold a JSON object`);
  }
  const known = new Set<string>(SETTINGS.map((s) => s.env));
  for (const key of Object.keys(parsed)) {
    if (!known.has(key)) throw new SettingsError(`settings file ${file}: unknown setting ${key}`);
  }
  return parsed as Record<string, Raw>;
}

/** Builds the settings from defaults, the settings file and the environment; throws SettingsError. */
export function loadSettings(env: Env = process.env, cwd = process.cwd()): Settings {
  const file = readSettingsFile(env, cwd);
  const values: Partial<Record<keyof Settings, unknown>> = {};
  for (const d of SETTINGS) {
    const fromEnv = env[d.env];
    const raw: Raw | undefined = fromEnv !== undefined && fromEnv !== '' ? fromEnv : file[d.env];
    values[d.key] = raw === undefined ? d.default : (d.parse as Parser<unknown>)(raw, d.env);
  }
  const mode = values.multisessionMode as MultisessionMode;
  const preset = MODE_PRESETS[mode];
  for (const key of Object.keys(preset) as (keyof typeof preset)[]) {
    if (values[key] === undefined) values[key] = preset[key];
  }
  const settings = values as Settings;
  settings.dataDir = resolve(cwd, settings.dataDir);
  settings.gameModule = resolve(cwd, settings.gameModule);
  if ((settings.tlsCert === undefined) !== (settings.tlsKey === undefined)) {
    throw new SettingsError('MUD_TLS_CERT and MUD_TLS_KEY go together: set both, or neither for a self-signed pair');
  }
  if (settings.role !== 'all' && settings.natsUrl === undefined) {
    throw new SettingsError(`MUD_ROLE=${settings.role} needs MUD_NATS_URL: the NATS server the cluster meets at`);
  }
  if (settings.tlsCert !== undefined) settings.tlsCert = resolve(cwd, settings.tlsCert);
  if (settings.tlsKey !== undefined) settings.tlsKey = resolve(cwd, settings.tlsKey);
  return settings;
}
