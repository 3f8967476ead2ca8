/**
 * GMCP messages from a telnet client (docs/telnet.md#gmcp-over-telnet): the Core package is the
 * portal's own business (Core.Hello names the client, Core.Supports.* lists the packages it
 * wants, Core.Ping is answered), anything else is the frame a websocket client would send.
 */
import { type DecodeResult, ErrorCode, type InboundFrame } from '@mud/protocol';
import { decodeGmcp, splitGmcp } from '../gmcp.js';
import type { ClientOptions } from './options.js';

/** Packages one session may list in Core.Supports, and a package name's length. */
const MAX_SUPPORTS = 64;
const MAX_SUPPORT_NAME = 64;
const MAX_VALUE = 256;

export type GmcpAction =
  | { kind: 'options'; options: ClientOptions }
  | { kind: 'ping' }
  | { kind: 'none' }
  | { kind: 'input'; frame: InboundFrame }
  | { kind: 'refused'; code: ErrorCode; reason: string; input?: string | undefined };

export class GmcpInbound {
  /** Core.Supports: package names with their version (`Char 1` → Char: 1). */
  readonly supports = new Map<string, number>();

  handle(message: string): GmcpAction {
    const { name, payload } = splitGmcp(message);
    switch (name.toLowerCase()) {
      case 'core.hello':
        return this.hello(payload);
      case 'core.supports.set':
        this.supports.clear();
        this.supportList(payload, true);
        return { kind: 'none' };
      case 'core.supports.add':
        this.supportList(payload, true);
        return { kind: 'none' };
      case 'core.supports.remove':
        this.supportList(payload, false);
        return { kind: 'none' };
      case 'core.ping':
        return { kind: 'ping' };
    }
    const result: DecodeResult = decodeGmcp(message);
    if (!result.ok) return { kind: 'refused', code: result.code, reason: result.reason, input: result.input };
    if (result.value[0] === 'resume') {
      return { kind: 'refused', code: ErrorCode.ResumeFailed, reason: 'Telnet sessions cannot be resumed.' };
    }
    return { kind: 'input', frame: result.value };
  }

  private hello(payload: string): GmcpAction {
    const value = parse(payload);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'none' };
    const { client, version } = value as Record<string, unknown>;
    const options: ClientOptions = {};
    if (typeof client === 'string') options.client_name = client.slice(0, MAX_VALUE);
    if (typeof version === 'string' || typeof version === 'number') {
      options.client_version = String(version).slice(0, MAX_VALUE);
    }
    return Object.keys(options).length > 0 ? { kind: 'options', options } : { kind: 'none' };
  }

  private supportList(payload: string, add: boolean): void {
    const value = parse(payload);
    if (!Array.isArray(value)) return;
    for (const item of value) {
      if (typeof item !== 'string') continue;
      const [pkg = '', version] = item.trim().split(/\s+/);
      if (pkg.length === 0 || pkg.length > MAX_SUPPORT_NAME) continue;
      if (!add) this.supports.delete(pkg);
      else if (this.supports.has(pkg) || this.supports.size < MAX_SUPPORTS)
        this.supports.set(pkg, Number(version) || 1);
    }
  }
}

function parse(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return undefined;
  }
}
