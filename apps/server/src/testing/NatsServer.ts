/**
 * A private NATS server with JetStream for a test (Debian's `nats-server`, installed by
 * `npm test`'s set-up): its own port and store directory, so a test can stop it, kill it and
 * start it again on the same port and store, as an operator's restart would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports.js';

export const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

export class NatsServer {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly port: number,
    readonly storeDir: string,
  ) {}

  static async start(): Promise<NatsServer> {
    const server = new NatsServer(await freePort(), mkdtempSync(join(tmpdir(), 'mud-nats-')));
    await server.start();
    return server;
  }

  /** The running server's pid, or 0 while it is stopped. */
  get pid(): number {
    return this.child?.exitCode === null ? (this.child.pid ?? 0) : 0;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Starts it (again): the same port, the same JetStream store. */
  async start(): Promise<void> {
    const child = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir], {
      stdio: 'ignore',
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const killChild = () => child.kill('SIGKILL');
    process.once('exit', killChild);
    child.once('exit', () => process.removeListener('exit', killChild));
    await waitForPort(this.port);
  }

  /** Stops it (SIGTERM: JetStream flushes its store) or kills it; settles once it is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    this.child?.kill(signal);
    await this.exited;
  }
}
