/**
 * Test kit: start the real game and drive it over real sockets. Used by this project's
 * integration and end-to-end tests, and by a game's own testers (`@mud/server/testing`).
 */
export { HEAP_SAMPLES_FILE, type HeapSample } from '../util/heapProbe.js';
export { type ClusterOptions, ClusterProcess, HostProcess } from './ClusterProcess.js';
export { GameProcess, type StartOptions } from './GameProcess.js';
export { NatsServer } from './NatsServer.js';
export { passwordFor, uniqueName } from './names.js';
export { type PrivatePostgres, startPrivatePostgres, type TestDatabase, testDatabase } from './PostgresServer.js';
export { connect, createAccount, login } from './players.js';
export { LoginRefused, TestClient } from './TestClient.js';
export { asRegExp, escapeRegExp, plain } from './text.js';
