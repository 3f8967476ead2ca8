import { describe, expect, it } from 'vitest';
import { DO, DONT, Opt, WILL, WONT } from './codes.js';
import { OptionNegotiator } from './OptionNegotiator.js';

function negotiator() {
  const sent: string[] = [];
  const on: string[] = [];
  const names: Record<number, string> = { [WILL]: 'WILL', [WONT]: 'WONT', [DO]: 'DO', [DONT]: 'DONT' };
  const n = new OptionNegotiator(
    {
      send: (verb, option) => sent.push(`${names[verb]} ${option}`),
      enabled: (side, option) => on.push(`+${side} ${option}`),
      disabled: (side, option) => on.push(`-${side} ${option}`),
    },
    { us: new Set([Opt.GMCP, Opt.EOR]), him: new Set([Opt.TTYPE]) },
  );
  return { n, sent, on };
}

describe('OptionNegotiator (RFC 1143 Q method)', () => {
  it('does not loop when both sides ask at once: our WILL crossing their DO ends in one YES', () => {
    const { n, sent, on } = negotiator();
    n.enable('us', Opt.GMCP);
    n.receive(DO, Opt.GMCP); // their DO was sent before ours arrived: it is also the answer
    n.receive(DO, Opt.GMCP); // a late duplicate
    expect(sent).toEqual(['WILL 201']);
    expect(on).toEqual(['+us 201']);
    expect(n.isOn('us', Opt.GMCP)).toBe(true);
  });

  it('agrees once to a supported option the client offers, and not again on a repeat', () => {
    const { n, sent } = negotiator();
    n.receive(WILL, Opt.TTYPE);
    n.receive(WILL, Opt.TTYPE);
    expect(sent).toEqual(['DO 24']);
  });

  it('refuses an unknown option once and never again, however often it is asked', () => {
    const { n, sent, on } = negotiator();
    for (let i = 0; i < 100; i++) {
      n.receive(WILL, 99);
      n.receive(DO, 99);
    }
    expect(sent).toEqual(['DONT 99', 'WONT 99']);
    expect(on).toEqual([]);
  });

  it('takes a refusal of its own offer without answering it', () => {
    const { n, sent, on } = negotiator();
    n.enable('us', Opt.EOR);
    n.receive(DONT, Opt.EOR);
    expect(sent).toEqual(['WILL 25']);
    expect(on).toEqual(['-us 25']);
    expect(n.isOn('us', Opt.EOR)).toBe(false);
  });

  it('queues a change asked while one is under way, and answers each state change once', () => {
    const { n, sent, on } = negotiator();
    n.enable('us', Opt.ECHO); // WANTYES
    n.disable('us', Opt.ECHO); // queued: OPPOSITE
    n.receive(DO, Opt.ECHO); // their yes: then our queued no goes out
    n.receive(DONT, Opt.ECHO);
    expect(sent).toEqual(['WILL 1', 'WONT 1']);
    expect(on).toEqual(['-us 1']);
    expect(n.isOn('us', Opt.ECHO)).toBe(false);
  });

  it('answers the client turning an option off, and a storm of toggles costs one answer each', () => {
    const { n, sent } = negotiator();
    n.receive(WILL, Opt.TTYPE);
    n.receive(WONT, Opt.TTYPE);
    n.receive(WONT, Opt.TTYPE);
    expect(sent).toEqual(['DO 24', 'DONT 24']);
  });
});
