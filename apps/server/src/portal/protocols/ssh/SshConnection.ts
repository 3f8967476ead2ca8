/**
 * One SSH connection (docs/telnet.md#ssh): its password authentication, which opens the portal
 * session and asks the game, and its channel requests, of which only one session channel with
 * one shell (and its pty and window changes) is granted. Everything else — other auth methods,
 * exec, subsystems and SFTP, port and agent forwarding, X11, a second channel or shell — is
 * refused, and a client that keeps asking past a bound is disconnected.
 */
import type { Socket } from 'node:net';
import { CloseCode } from '@mud/protocol';
import type { AuthContext, Connection, PseudoTtyInfo, RejectConnection, Session } from 'ssh2';
import type { Settings } from '../../../config.js';
import { logIncident } from '../../../incidents.js';
import type { Logger } from '../../../logger.js';
import type { Portal } from '../../Portal.js';
import { SshSession } from './SshSession.js';

/** What SSH needs of the portal (the listeners' context, without importing listeners.ts). */
export interface SshContext {
  portal: Portal;
  settings: Settings;
  logger: Logger;
}

/** Password tries one connection gets (OpenSSH's MaxAuthTries); the game's throttle counts them too. */
export const MAX_PASSWORD_TRIES = 6;
/** `none`, `publickey` and `keyboard-interactive` tries refused before the connection is closed. */
export const MAX_OTHER_AUTH_TRIES = 20;
/** Channel and request refusals before the connection is closed. */
export const MAX_REFUSALS = 20;
/** After ending a connection, how long its socket may take to flush before it is destroyed. */
const END_GRACE_MS = 2000;

const REFUSED_SESSION_REQUESTS = ['exec', 'subsystem', 'sftp', 'x11', 'auth-agent', 'signal'] as const;

export class SshConnection {
  private session: SshSession | undefined;
  private passwordTries = 0;
  private otherTries = 0;
  private refusals = 0;
  private sessionChannel = false;
  private ending = false;

  constructor(
    private readonly client: Connection,
    private readonly socket: Socket,
    private readonly context: SshContext,
  ) {
    client.on('authentication', (ctx) => this.guard(() => this.authenticate(ctx)));
    client.on('session', (accept, reject) => this.guard(() => this.openSession(accept, reject)));
    client.on('tcpip', (_accept, reject) => this.refuse(reject));
    client.on('openssh.streamlocal', (_accept, reject) => this.refuse(reject));
    client.on('request', (_accept: unknown, reject: RejectConnection | undefined) => this.refuse(reject));
    client.on('error', (err) => {
      // A peer's protocol error or reset: ssh2 closes the connection and 'close' follows.
      context.logger.debug({ err: err.message, address: this.address }, 'SSH connection error');
    });
    client.on('close', () => this.session?.connectionClosed());
  }

  get address(): string {
    return this.socket.remoteAddress ?? '';
  }

  /** Whether a portal session was opened for this connection (its first password try). */
  get hasSession(): boolean {
    return this.session !== undefined;
  }

  /** Closes the connection; its socket is destroyed if it has not closed shortly after. */
  end(): void {
    if (this.ending) return;
    this.ending = true;
    this.client.end();
    const timer = setTimeout(() => this.socket.destroy(), END_GRACE_MS);
    timer.unref();
    this.socket.once('close', () => clearTimeout(timer));
  }

  private authenticate(ctx: AuthContext): void {
    if (ctx.method !== 'password') {
      ctx.reject(['password']);
      if (++this.otherTries > MAX_OTHER_AUTH_TRIES) this.end();
      return;
    }
    if (++this.passwordTries > MAX_PASSWORD_TRIES) {
      ctx.reject();
      this.end();
      return;
    }
    const session = this.session ?? this.open();
    if (!session) {
      ctx.reject();
      this.end();
      return;
    }
    void session
      .login(ctx.username, ctx.password)
      .then((loggedIn) => this.guard(() => (loggedIn ? ctx.accept() : ctx.reject(['password']))));
  }

  /** The portal session of this connection, admitted as the websocket's are; undefined when refused. */
  private open(): SshSession | undefined {
    const { portal, settings, logger } = this.context;
    if (portal.isStopping) return undefined;
    const admission = portal.admit(this.address);
    if (!admission.ok) {
      logger.info({ address: this.address, reason: admission.reason }, 'refused an SSH connection');
      return undefined;
    }
    const session = new SshSession(
      portal.sessions.nextSessid(),
      this.address,
      portal,
      { end: () => this.end() },
      { maxOutputBuffer: settings.maxOutputBuffer, maxCommandRate: settings.maxCommandRate, logger },
    );
    this.session = session;
    portal.connected(session);
    return session;
  }

  private openSession(accept: () => Session, reject: RejectConnection): void {
    const session = this.session;
    if (this.sessionChannel || !session) {
      this.refuse(reject);
      return;
    }
    this.sessionChannel = true;
    const channel = accept();
    let pty: PseudoTtyInfo | undefined;
    let shell = false;
    channel.on('pty', (acceptPty, rejectPty, info) => {
      if (shell) return this.refuse(rejectPty);
      pty = info;
      acceptPty?.();
      session.resize(info.cols, info.rows);
    });
    channel.on('window-change', (acceptChange, _reject, info) => {
      acceptChange?.();
      session.resize(info.cols, info.rows);
    });
    channel.on('shell', (acceptShell, rejectShell) => {
      if (shell) return this.refuse(rejectShell);
      shell = true;
      session.openShell(acceptShell(), pty !== undefined);
    });
    channel.on('env', (_accept: unknown, rejectEnv: RejectConnection | undefined) => rejectEnv?.());
    for (const request of REFUSED_SESSION_REQUESTS) {
      channel.on(request, (_accept: unknown, rejectRequest: RejectConnection | undefined) =>
        this.refuse(rejectRequest),
      );
    }
    // The client closed its session channel: the game session and the connection end with it.
    channel.on('close', () => session.close(CloseCode.Normal, 'session channel closed by client'));
  }

  private refuse(reject: RejectConnection | undefined): void {
    reject?.();
    if (++this.refusals > MAX_REFUSALS) this.end();
  }

  /** A throw in a handler ends this connection, never the portal. */
  private guard(work: () => void): void {
    try {
      work();
    } catch (err) {
      logIncident(this.context.logger, 'ssh-request-failed', { err, address: this.address });
      this.end();
    }
  }
}
