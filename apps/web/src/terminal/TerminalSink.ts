/** The part of the terminal the network wiring needs: tests pass a fake, the app an xterm. */
export interface TerminalSink {
  write(data: string): void;
  readonly cols: number;
  readonly rows: number;
  onResize(listener: (size: { cols: number; rows: number }) => void): () => void;
}
