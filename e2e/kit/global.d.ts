// The web client's end-to-end test hook (docs/architecture.md#test-hooks), as apps/web/src/app/testHooks.ts declares it.
export {};

declare global {
  interface Window {
    __mud?: {
      terminalText(): string;
      socket(): WebSocket | undefined;
      sessid(): number | null;
      cols(): number;
    };
    /** Filled by `Player.watchStatus()`: every text the connection status showed, in order. */
    __mudStatusLog?: string[];
  }
}
