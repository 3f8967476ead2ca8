/**
 * DNS-rebinding guard for `/ws` (SECURITY.md): a page on `http://evil.example:4001` whose name the
 * attacker re-points at this machine is same-origin with itself, so the Origin check alone lets
 * it in. What gives it away is the `Host` it sends: a name this game does not answer to.
 *
 * Accepted: any IP literal (rebinding needs a name the attacker controls, never an address),
 * `localhost`, this machine's host name, the bind address, and MUD_ALLOWED_HOSTS — the names
 * an operator publishes the game under.
 */
import { isIP } from 'node:net';
import { hostname } from 'node:os';

export class HostCheck {
  private readonly names: Set<string>;

  constructor(allowed: readonly string[], bindAddress: string, machineName: string = hostname()) {
    const machine = machineName.toLowerCase();
    this.names = new Set(['localhost', machine, machine.split('.')[0] ?? machine, bindAddress.toLowerCase()]);
    for (const name of allowed) this.names.add(name.toLowerCase());
  }

  /** Whether a `Host` header names this game. A missing or malformed one does not. */
  allows(host: string | undefined): boolean {
    if (host === undefined) return false;
    let name: string;
    try {
      name = new URL(`http://${host}`).hostname.toLowerCase();
    } catch {
      return false;
    }
    // Nothing but host[:port] may be in the header (no credentials, path or query).
    if (!/^[^/?#@\s]+$/.test(host)) return false;
    const bare = name.startsWith('[') ? name.slice(1, -1) : name;
    if (isIP(bare) !== 0) return true;
    return this.names.has(name.replace(/\.$/, ''));
  }
}
