/**
 * An SSH player for the integration tests: `ssh2`'s own client on a real socket, a shell with or
 * without a pty, and waits on what the terminal shows.
 */
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { Arrivals } from '../src/testing/Arrivals.js';
import { asRegExp, plain } from '../src/testing/text.js';

export interface SshConnectOptions {
  /** The pty asked for; `false`: a shell without one. */
  pty?: { cols: number; rows: number } | false;
  /** The local address to connect from (127.0.0.x): the game's throttle counts by address. */
  localAddress?: string;
  /** Called with the server's host key. */
  onHostKey?: (key: Buffer) => void;
  /** Overrides the authentication (several tries on one connection). */
  authHandler?: ConnectConfig['authHandler'];
}

/** Opens an authenticated SSH connection, without a shell yet. Rejects when authentication fails. */
export function sshConnect(port: number, name: string, password: string, options: SshConnectOptions = {}) {
  const client = new Client();
  return new Promise<Client>((resolve, reject) => {
    client.once('ready', () => resolve(client));
    client.once('error', reject);
    client.once('close', () => reject(new Error('connection closed before it was ready')));
    client.connect({
      host: '127.0.0.1',
      port,
      username: name,
      password,
      readyTimeout: 30_000,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      ...(options.authHandler ? { authHandler: options.authHandler } : {}),
      hostVerifier: (key: Buffer) => {
        options.onHostKey?.(key);
        return true;
      },
    });
  });
}

/** The error an SSH login fails with (`client-authentication` for a refused password). */
export async function sshRefusal(
  port: number,
  name: string,
  password: string,
  options: SshConnectOptions = {},
): Promise<Error & { level?: string }> {
  try {
    const client = await sshConnect(port, name, password, options);
    client.end();
  } catch (err) {
    return err as Error & { level?: string };
  }
  throw new Error(`the SSH login of ${name} was accepted`);
}

export class SshPlayer {
  /** Everything the terminal received, raw. */
  raw = '';
  readonly closed: Promise<void>;
  private readonly arrivals = new Arrivals();

  private constructor(
    readonly client: Client,
    readonly stream: ClientChannel,
  ) {
    stream.on('data', (data: Buffer) => {
      this.raw += data.toString('utf8');
      this.arrivals.notify();
    });
    this.closed = new Promise((resolve) => client.once('close', () => resolve()));
    void this.closed.then(() => this.arrivals.notify());
    client.on('error', () => {});
  }

  /** Logs in over SSH and opens a shell (with an 80×24 pty unless told otherwise). */
  static async login(port: number, name: string, password: string, options: SshConnectOptions = {}) {
    const client = await sshConnect(port, name, password, options);
    const pty = options.pty ?? { cols: 80, rows: 24 };
    const stream = await new Promise<ClientChannel>((resolve, reject) => {
      const done = (err: Error | undefined, channel: ClientChannel) => (err ? reject(err) : resolve(channel));
      if (pty === false) client.shell(false, done);
      else client.shell({ cols: pty.cols, rows: pty.rows, term: 'xterm-256color' }, done);
    });
    return new SshPlayer(client, stream);
  }

  /** What the terminal shows so far, colours stripped. */
  text(): string {
    return plain(this.raw);
  }

  type(keys: string): void {
    this.stream.write(keys);
  }

  line(text: string): void {
    this.stream.write(`${text}\r`);
  }

  /** Waits for the terminal to show `needle` after character `from` of the text. Returns the text. */
  waitFor(needle: string | RegExp, from = 0, timeoutMs = 30_000): Promise<string> {
    const pattern = asRegExp(needle);
    return this.arrivals.until(
      () => {
        const text = this.text().slice(from);
        return pattern.test(text) ? text : undefined;
      },
      String(needle),
      () => `the terminal shows:
${this.text()}`,
      timeoutMs,
    );
  }

  /** Types a line and waits for `needle` in what follows. */
  async command(line: string, needle: string | RegExp): Promise<string> {
    const from = this.text().length;
    this.line(line);
    return this.waitFor(needle, from);
  }

  close(): void {
    this.client.end();
  }
}
