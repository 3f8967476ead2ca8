import { describe, expect, it } from 'vitest';
import { DO, GA, IAC, NOP, Opt, SB, SE, WILL } from './codes.js';
import { TelnetParser } from './TelnetParser.js';

function parse(chunks: Buffer[], max = 64) {
  const seen: string[] = [];
  let data = Buffer.alloc(0);
  const parser = new TelnetParser(
    {
      data: (bytes) => {
        data = Buffer.concat([data, bytes]);
      },
      negotiation: (verb, option) => seen.push(`neg ${verb} ${option}`),
      command: (byte) => seen.push(`cmd ${byte}`),
      subnegotiation: (option, payload) => seen.push(`sb ${option} ${payload.toString('hex')}`),
      oversized: (option) => seen.push(`oversized ${option}`),
    },
    max,
  );
  for (const chunk of chunks) parser.feed(chunk);
  return { seen, data };
}

const bytes = (...b: number[]) => Buffer.from(b);

describe('TelnetParser', () => {
  it('undoubles IAC IAC in data into one 255 byte', () => {
    const { data, seen } = parse([bytes(0x61, IAC, IAC, 0x62)]);
    expect([...data]).toEqual([0x61, 255, 0x62]);
    expect(seen).toEqual([]);
  });

  it('splits negotiations and commands from data', () => {
    const { data, seen } = parse([
      Buffer.concat([Buffer.from('hi'), bytes(IAC, WILL, Opt.TTYPE, IAC, NOP), Buffer.from('!')]),
    ]);
    expect(data.toString()).toBe('hi!');
    expect(seen).toEqual([`neg ${WILL} 24`, `cmd ${NOP}`]);
  });

  it('reads a subnegotiation split across chunks byte by byte, IAC IAC inside undoubled', () => {
    const whole = bytes(0x78, IAC, SB, Opt.NAWS, 0, IAC, IAC, 0, 40, IAC, SE, 0x79, IAC, DO, Opt.EOR);
    const { data, seen } = parse([...whole].map((b) => bytes(b)));
    expect(data.toString('latin1')).toBe('xy');
    expect(seen).toEqual([`sb ${Opt.NAWS} 00ff0028`, `neg ${DO} ${Opt.EOR}`]);
  });

  it('drops a subnegotiation over the bound, once, and goes on reading after its IAC SE', () => {
    const endless = Buffer.alloc(1000, 0x41);
    const { seen, data } = parse([bytes(IAC, SB, Opt.GMCP), endless, endless, bytes(IAC, SE), Buffer.from('ok')]);
    expect(seen).toEqual([`oversized ${Opt.GMCP}`]);
    expect(data.toString()).toBe('ok');
  });

  it('ends a subnegotiation cut by another command and reads that command', () => {
    const { seen } = parse([bytes(IAC, SB, Opt.TTYPE, 0, 0x41, IAC, GA, 0x42)]);
    expect(seen).toEqual([`cmd ${GA}`]);
  });
});
