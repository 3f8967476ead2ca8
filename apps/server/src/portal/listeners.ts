/**
 * The portal's listeners beside HTTP: one per protocol that is not the websocket (telnet, telnet
 * over TLS, SSH; docs/architecture.md#telnet-and-ssh). Each is started after the HTTP server, and
 * its bound port is reported by `/health` and on the `PORTAL_PORTS` line of stdout.
 */
import type { Settings } from '../config.js';
import type { Logger } from '../logger.js';
import type { Portal } from './Portal.js';
import { telnetListeners } from './protocols/telnet/TelnetListener.js';

export interface ProtocolListener {
  /** The key its port is reported under (`telnet`, `telnetTls`, `ssh`). */
  readonly name: string;
  /** The port asked for (0: any free one). */
  readonly port: number;
  /** Starts accepting connections; resolves with the port bound. */
  listen(host: string): Promise<number>;
  /** Stops accepting connections (the sessions are the portal's to close). */
  close(): Promise<void>;
}

export interface ListenerContext {
  portal: Portal;
  settings: Settings;
  logger: Logger;
}

/**
 * The listeners the settings turn on. SSH's code (ssh2 and its crypto) is loaded only when SSH is
 * on: it would otherwise be megabytes of every portal's idle memory (issue 17).
 */
export async function protocolListeners(context: ListenerContext): Promise<ProtocolListener[]> {
  const ssh =
    context.settings.sshPort === null ? [] : (await import('./protocols/ssh/SshListener.js')).sshListeners(context);
  return [...telnetListeners(context), ...ssh];
}
