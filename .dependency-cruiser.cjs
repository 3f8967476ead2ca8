/**
 * The dependency rule (issue 11): no import circles, type-only imports included, and layers that
 * only import downwards:
 *
 *   packages/protocol  ←  link  ←  portal / server
 *   cmdsets ← session ← accounts / objects ← commands ← commands/default ← server
 *
 * `npm run depcheck` runs it; `npm test` runs that right after the typecheck. Test files may reach
 * across layers (a unit test builds what it needs), but they still take part in the circle check.
 */
const SERVER = '^apps/server/src/';
/** Everything of the game server process: the side that must never import the portal. */
const GAME_SIDE = `${SERVER}(server|session|commands|cmdsets|accounts|objects|db|text)/`;
const TESTS = '\\.test\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle (type-only imports count): break it with an interface in the lower layer.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'portal-imports-no-game-code',
      severity: 'error',
      comment: 'The portal owns connections only; game state lives in the game server process.',
      from: { path: `${SERVER}portal/` },
      to: { path: `${SERVER}(server|session|commands|cmdsets|accounts|objects|db)/` },
    },
    {
      name: 'cluster-imports-no-game-code',
      severity: 'error',
      comment:
        'The cluster code joins portals and the host over NATS; the game server runs as a process (docs/cluster.md#roles).',
      from: { path: `${SERVER}cluster/` },
      to: { path: `${SERVER}(server|session|commands|cmdsets|accounts|objects|db)/` },
    },
    {
      name: 'game-side-imports-no-portal',
      severity: 'error',
      comment: 'The game server speaks to the portal over the link only.',
      from: { path: GAME_SIDE, pathNot: TESTS },
      to: { path: `${SERVER}portal/` },
    },
    {
      name: 'link-imports-protocol-and-logger-only',
      severity: 'error',
      comment:
        'The link sits between both processes: it knows the protocol, the logger, the incident catalogue, the neutral helpers and itself.',
      from: { path: `${SERVER}link/`, pathNot: TESTS },
      to: {
        dependencyTypesNot: ['core', 'npm', 'npm-dev'],
        pathNot: [
          `${SERVER}link/`,
          `${SERVER}logger\\.ts$`,
          `${SERVER}incidents\\.ts$`,
          `${SERVER}util/`,
          '^packages/protocol/',
        ],
      },
    },
    {
      name: 'util-is-neutral',
      severity: 'error',
      comment: 'util/ holds helpers any layer may use, so it uses none of them.',
      from: { path: `${SERVER}util/`, pathNot: TESTS },
      to: { dependencyTypesNot: ['core', 'npm', 'npm-dev'], pathNot: [`${SERVER}util/`] },
    },
    {
      name: 'cmdsets-are-the-bottom',
      severity: 'error',
      comment: 'A cmdset holds command definitions; it knows nothing of sessions, objects or commands.',
      from: { path: `${SERVER}cmdsets/`, pathNot: TESTS },
      to: { path: `${SERVER}(session|accounts|objects|commands|server|db)/` },
    },
    {
      name: 'session-imports-no-game-code',
      severity: 'error',
      comment: 'Sessions and routing use the shapes in session/types.ts, never accounts, objects or commands.',
      from: { path: `${SERVER}session/`, pathNot: TESTS },
      to: { path: `${SERVER}(accounts|objects|commands|server|db)/` },
    },
    {
      name: 'objects-import-no-commands-or-server',
      severity: 'error',
      comment: 'Accounts, characters and rooms sit below the commands that act on them.',
      from: { path: `${SERVER}(accounts|objects)/`, pathNot: TESTS },
      to: { path: `${SERVER}(commands|server)/` },
    },
    {
      name: 'commands-import-no-server',
      severity: 'error',
      comment:
        'Commands (default game code included) see the game through commands/GameServices.ts, never server internals.',
      from: { path: `${SERVER}commands/`, pathNot: TESTS },
      to: { path: `${SERVER}server/` },
    },
    {
      name: 'command-core-imports-no-default-game-code',
      severity: 'error',
      comment: 'The command machinery must not depend on the default commands built on it.',
      from: { path: `${SERVER}commands/[^/]+$`, pathNot: TESTS },
      to: { path: `${SERVER}commands/default/` },
    },
    {
      name: 'protocol-imports-no-app',
      severity: 'error',
      comment: 'packages/protocol is the shared bottom layer.',
      from: { path: '^packages/protocol/' },
      to: { path: '^apps/' },
    },
    {
      name: 'web-imports-no-server',
      severity: 'error',
      comment: 'The browser bundle speaks to the server through packages/protocol only.',
      from: { path: '^apps/web/' },
      to: { path: '^apps/server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    // Type-only imports are dependencies too: a circle through `import type` is still a circle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
