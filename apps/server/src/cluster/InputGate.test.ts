import type { GameInputFrame, PortalToServer } from '@mud/protocol';
import type { JsMsg } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { InputGate } from './InputGate.js';

/** The part of a JetStream message the gate uses: its sequence and its acknowledgements. */
function message(seq: number) {
  const acks: string[] = [];
  const js = { seq, ack: () => acks.push('ack'), working: () => acks.push('working') } as unknown as JsMsg;
  return { js, acks };
}

function gate(accepting = true) {
  const sent: PortalToServer[] = [];
  const handled: [number, number][] = [];
  const game = { accepting, send: (m: PortalToServer) => sent.push(m) };
  return { g: new InputGate(game, (sessid, seq) => handled.push([sessid, seq])), game, sent, handled };
}

const say = (text: string): GameInputFrame => ['text', [`say ${text}`], {}];

describe('InputGate (docs/cluster.md#input)', () => {
  it('acknowledges an input only once the game server reports it handled', () => {
    const { g, sent, handled } = gate();
    const m = message(7);
    g.input(3, say('a'), m.js);
    expect(sent).toEqual([{ t: 'input', sessid: 3, frame: say('a'), id: 7 }]);
    expect(m.acks).toEqual([]);
    g.handled([7]);
    expect(m.acks).toEqual(['ack']);
    expect(handled).toEqual([[3, 7]]);
    g.handled([7]);
    expect(m.acks).toEqual(['ack']);
  });

  it('does not run a redelivery of a message it holds or runs', () => {
    const { g, sent } = gate();
    const m = message(1);
    g.input(1, say('a'), m.js);
    expect(g.has(m.js)).toBe(true);
    g.handled([1]);
    expect(g.has(m.js)).toBe(false);
    expect(sent).toHaveLength(1);
  });

  it('holds everything in stream order while no game server takes input, and gives the unfinished first', () => {
    const { g, game, sent } = gate();
    g.input(1, say('unfinished'), message(1).js);
    game.accepting = false;
    g.other({ t: 'connect', session: { sessid: 9 } as never });
    g.input(1, say('held'), message(2).js);
    g.other({ t: 'disconnect', sessid: 4, reason: 'gone' });
    expect(sent).toHaveLength(1);
    expect([...g.waitingConnects()]).toEqual([9]);
    const released = g.release().map((m) => (m.t === 'input' ? m.frame[1][0] : m.t));
    expect(released).toEqual(['say unfinished', 'connect', 'say held', 'disconnect']);
    expect(g.waitingConnects().size).toBe(0);
  });

  it('drops and acknowledges the waiting input of a session that ended', () => {
    const { g, game } = gate(false);
    const a = message(1);
    const b = message(2);
    g.input(1, say('a'), a.js);
    g.input(2, say('b'), b.js);
    g.forget(1);
    expect(a.acks).toEqual(['ack']);
    expect(b.acks).toEqual([]);
    game.accepting = true;
    expect(g.release()).toHaveLength(1);
  });
});
