import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings, MODE_PRESETS, SETTINGS, SettingsError } from './config.js';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'mud-config-'));

describe('the README', () => {
  it('documents every setting in its one settings table (docs/settings.md#settings)', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('## Settings'), readme.indexOf('## Architecture'));
    const documented = new Set([...table.matchAll(/`(MUD_[A-Z0-9_]+)`/g)].map((m) => m[1]));
    // `MUD_X_LIMIT` / `_TIMEOUT` rows document both names.
    for (const m of table.matchAll(/`(MUD_[A-Z0-9_]+_)[A-Z]+` \/ `_([A-Z]+)`/g)) documented.add(`${m[1]}${m[2]}`);
    expect(SETTINGS.map((s) => s.env).filter((env) => !documented.has(env))).toEqual([]);
  });
});

describe('loadSettings', () => {
  it('uses the docs/settings.md#settings defaults', () => {
    const s = loadSettings({}, emptyDir());
    expect(s).toMatchObject({
      port: 4001,
      host: '0.0.0.0',
      multisessionMode: 0,
      loginThrottleLimit: 5,
      loginThrottleTimeout: 300,
      creationThrottleLimit: 2,
      creationThrottleTimeout: 600,
      maxCommandRate: 80,
      maxConnectionRate: 10,
      maxSessionsPerIp: 100,
      idleTimeout: 0,
      allowedOrigins: [],
      maxFrameBytes: 65536,
      maxOutputBuffer: 4 * 1024 * 1024,
      heartbeatInterval: 30,
      resumeGrace: 60,
    });
    expect(s.dataDir.endsWith('data')).toBe(true);
  });

  // docs/sessions.md#mode-presets table, written out literally: the test must not read the presets it checks.
  it.each([
    [0, true, true, 1, 1],
    [1, true, true, 1, 1],
    [2, false, false, 5, 5],
    [3, false, false, 5, 5],
  ] as const)(
    'mode %i: auto-create %s, auto-puppet %s, %i characters, %i puppets (docs/sessions.md#mode-presets)',
    (mode, create, puppet, chars, puppets) => {
      const expected = {
        autoCreateCharacterWithAccount: create,
        autoPuppetOnLogin: puppet,
        maxNrCharacters: chars,
        maxNrSimultaneousPuppets: puppets,
      };
      expect(MODE_PRESETS[mode]).toEqual(expected);
      expect(loadSettings({ MUD_MULTISESSION_MODE: String(mode) }, emptyDir())).toMatchObject(expected);
    },
  );

  it('lets an explicit setting win over the mode preset', () => {
    const s = loadSettings(
      { MUD_MULTISESSION_MODE: '2', MUD_MAX_NR_CHARACTERS: '3', MUD_AUTO_PUPPET_ON_LOGIN: 'yes' },
      emptyDir(),
    );
    expect(s.maxNrCharacters).toBe(3);
    expect(s.autoPuppetOnLogin).toBe(true);
    expect(s.maxNrSimultaneousPuppets).toBe(5);
  });

  it('layers defaults < settings file < environment', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'mud.settings.json'), JSON.stringify({ MUD_PORT: 5000, MUD_MULTISESSION_MODE: 3 }));
    const fromFile = loadSettings({}, dir);
    expect(fromFile.port).toBe(5000);
    expect(fromFile.multisessionMode).toBe(3);
    expect(loadSettings({ MUD_PORT: '6000' }, dir).port).toBe(6000);
  });

  it('reads a list of allowed origins', () => {
    const s = loadSettings({ MUD_ALLOWED_ORIGINS: 'https://a.example, https://b.example' }, emptyDir());
    expect(s.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    // Normalised as a browser sends them: lower case, default port dropped, no trailing slash.
    expect(loadSettings({ MUD_ALLOWED_ORIGINS: 'HTTPS://A.example:443/' }, emptyDir()).allowedOrigins).toEqual([
      'https://a.example',
    ]);
  });

  it('reads the host names /ws answers to', () => {
    const s = loadSettings({ MUD_ALLOWED_HOSTS: 'Play.Example.org, mud.example' }, emptyDir());
    expect(s.allowedHosts).toEqual(['play.example.org', 'mud.example']);
    expect(loadSettings({}, emptyDir()).allowedHosts).toEqual([]);
  });

  it.each([
    [{ MUD_PORT: 'abc' }, /MUD_PORT/],
    [{ MUD_PORT: '70000' }, /MUD_PORT/],
    [{ MUD_MULTISESSION_MODE: '4' }, /MUD_MULTISESSION_MODE/],
    [{ MUD_AUTO_PUPPET_ON_LOGIN: 'maybe' }, /MUD_AUTO_PUPPET_ON_LOGIN/],
    [{ MUD_SETTINGS_FILE: 'missing.json' }, /does not exist/],
    // An origin that can never match is a mistake the operator must hear of at start.
    [{ MUD_ALLOWED_ORIGINS: 'example.com' }, /MUD_ALLOWED_ORIGINS: "example.com" is not an origin/],
    [{ MUD_ALLOWED_ORIGINS: 'https://a.example/path' }, /MUD_ALLOWED_ORIGINS/],
    [{ MUD_ALLOWED_ORIGINS: 'ftp://a.example' }, /MUD_ALLOWED_ORIGINS/],
    [{ MUD_ALLOWED_ORIGINS: 'https://a.example, *' }, /"\*" is not an origin/],
    [{ MUD_ALLOWED_HOSTS: 'https://play.example.org' }, /MUD_ALLOWED_HOSTS/],
    [{ MUD_ALLOWED_HOSTS: 'play.example.org:4001' }, /MUD_ALLOWED_HOSTS/],
  ])('refuses %j with a clear error', (env, message) => {
    expect(() => loadSettings(env, emptyDir())).toThrow(SettingsError);
    expect(() => loadSettings(env, emptyDir())).toThrow(message);
  });

  it('runs one machine unless told otherwise, and checks the cluster settings (docs/cluster.md#settings)', () => {
    expect(loadSettings({}, emptyDir())).toMatchObject({
      role: 'all',
      natsUrl: undefined,
      portalId: undefined,
      databaseUrl: undefined,
    });
    const cluster = loadSettings(
      {
        MUD_ROLE: 'Portal',
        MUD_NATS_URL: 'nats://10.0.0.5:4222',
        MUD_PORTAL_ID: 'edge-1',
        MUD_DATABASE_URL: 'postgres://mud@db/mud',
      },
      emptyDir(),
    );
    expect(cluster).toMatchObject({ role: 'portal', portalId: 'edge-1', databaseUrl: 'postgres://mud@db/mud' });
    expect(() => loadSettings({ MUD_ROLE: 'server' }, emptyDir())).toThrow(/MUD_ROLE=server needs MUD_NATS_URL/);
    expect(() => loadSettings({ MUD_ROLE: 'edge' }, emptyDir())).toThrow(/MUD_ROLE must be all, portal or server/);
    expect(() => loadSettings({ MUD_NATS_URL: 'http://x' }, emptyDir())).toThrow(/MUD_NATS_URL must be a nats/);
    expect(() => loadSettings({ MUD_DATABASE_URL: 'mysql://x/y' }, emptyDir())).toThrow(/postgres or postgresql/);
    expect(() => loadSettings({ MUD_PORTAL_ID: 'a.b' }, emptyDir())).toThrow(/MUD_PORTAL_ID must be 1-64/);
  });

  it('refuses unknown keys in the settings file', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'mud.settings.json'), JSON.stringify({ MUD_PROT: 1 }));
    expect(() => loadSettings({}, dir)).toThrow(/unknown setting MUD_PROT/);
  });
});
