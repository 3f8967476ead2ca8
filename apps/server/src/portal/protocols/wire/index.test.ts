import { Subprotocol } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { chooseSubprotocol, WireFormats } from './index.js';

const offer = (...names: string[]) => chooseSubprotocol(new Set(names));

describe('subprotocol negotiation (Evennia’s order)', () => {
  it('takes each subprotocol offered alone', () => {
    for (const name of Object.values(Subprotocol)) expect(offer(name)).toBe(name);
  });

  it('prefers json > gmcp > terminal > v1 whatever order the client lists them in', () => {
    expect(offer('terminal.mudstandards.org', 'json.mudstandards.org')).toBe(Subprotocol.JsonStandard);
    expect(offer('v1.evennia.com', 'terminal.mudstandards.org', 'gmcp.mudstandards.org')).toBe(
      Subprotocol.GmcpStandard,
    );
    expect(offer('v1.evennia.com', 'terminal.mudstandards.org')).toBe(Subprotocol.Terminal);
    expect(offer('unknown.protocol', 'terminal.mudstandards.org')).toBe(Subprotocol.Terminal);
  });

  it('names none when it knows none offered; that socket speaks v1.evennia.com', () => {
    expect(offer()).toBe(false);
    expect(offer('unknown.protocol', 'V1.EVENNIA.COM')).toBe(false);
    const formats = new WireFormats();
    expect(formats.for('').subprotocol).toBe(Subprotocol.EvenniaV1);
    expect(formats.for(Subprotocol.Terminal).subprotocol).toBe(Subprotocol.Terminal);
  });
});
