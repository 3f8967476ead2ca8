/**
 * The three states the web client shows, spelled exactly as the `connection-status` test hook
 * (docs/architecture.md#test-hooks) requires them.
 */
export const ConnectionStatus = {
  Connected: 'connected',
  Reconnecting: 'reconnecting',
  Disconnected: 'disconnected',
} as const;
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];
