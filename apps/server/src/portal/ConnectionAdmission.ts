/**
 * Whether a new connection may open a session: concurrent connections per address
 * (MUD_MAX_SESSIONS_PER_IP) and new connections per second per address (MUD_MAX_CONNECTION_RATE),
 * for every protocol alike (docs/settings.md#limits).
 */
import { CloseCode, ErrorCode, type Failure } from '@mud/protocol';
import { KeyedRateLimiter } from './RateLimiter.js';

export interface AdmissionLimits {
  /** New connections per second per address; 0 disables. */
  maxConnectionRate: number;
  /** Concurrent connections per address; 0 disables. */
  maxSessionsPerIp: number;
}

/** Admitted, or refused with the project's failure shape plus the close code to close with. */
export type Admission = { ok: true } | (Failure & { closeCode: CloseCode });

export class ConnectionAdmission {
  private readonly rate: KeyedRateLimiter;
  private readonly perAddress = new Map<string, number>();

  constructor(private readonly limits: AdmissionLimits) {
    this.rate = new KeyedRateLimiter(limits.maxConnectionRate);
  }

  admit(address: string): Admission {
    const max = this.limits.maxSessionsPerIp;
    if (max > 0 && (this.perAddress.get(address) ?? 0) >= max) {
      return {
        ok: false,
        code: ErrorCode.Throttled,
        closeCode: CloseCode.PolicyViolation,
        reason: `Too many connections from your address (at most ${max}).`,
      };
    }
    if (!this.rate.take(address)) {
      return {
        ok: false,
        code: ErrorCode.Throttled,
        closeCode: CloseCode.TryAgainLater,
        reason: 'Too many new connections from your address. Try again in a moment.',
      };
    }
    return { ok: true };
  }

  /** A session from `address` opened. */
  opened(address: string): void {
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
  }

  /** A session from `address` ended; each `opened` is matched by one call. */
  closed(address: string): void {
    const count = (this.perAddress.get(address) ?? 1) - 1;
    if (count <= 0) this.perAddress.delete(address);
    else this.perAddress.set(address, count);
  }

  /** Addresses with an open session: what this object holds in memory. */
  get addresses(): number {
    return this.perAddress.size;
  }
}
