import { describe, expect, it } from 'vitest';
import { IAC, Opt, SB, SE } from './codes.js';
import { CHARSET_REQUEST, Charset, charsetAnswer, msspPayload, nawsOptions, TtypeCycle } from './options.js';
import { TelnetParser } from './TelnetParser.js';

const is = (text: string) => Buffer.concat([Buffer.from([0]), Buffer.from(text)]);

function cycle(answers: string[]) {
  const ttype = new TtypeCycle();
  let last: ReturnType<TtypeCycle['answer']> = { again: true };
  const agains: boolean[] = [];
  for (const answer of answers) {
    last = ttype.answer(is(answer));
    agains.push(last.again);
  }
  return { options: last.options, agains };
}

describe('NAWS', () => {
  it('reads width and height, a 255 byte arriving doubled on the wire', () => {
    let payload: Buffer = Buffer.alloc(0);
    const parser = new TelnetParser(
      {
        data: () => {},
        negotiation: () => {},
        command: () => {},
        subnegotiation: (_o, p) => {
          payload = p;
        },
        oversized: () => {},
      },
      64,
    );
    // 511 columns = 0x01 0xFF: the 0xFF is sent as IAC IAC.
    parser.feed(Buffer.from([IAC, SB, Opt.NAWS, 0x01, IAC, IAC, 0x00, 50, IAC, SE]));
    expect(nawsOptions(payload)).toEqual({ screenwidth: 511, screenheight: 50 });
  });

  it('ignores zero (unknown) sizes and payloads of the wrong length', () => {
    expect(nawsOptions(Buffer.from([0, 0, 0, 0]))).toBeUndefined();
    expect(nawsOptions(Buffer.from([0, 80, 0]))).toBeUndefined();
    expect(nawsOptions(Buffer.from([0, 80, 0, 0]))).toEqual({ screenwidth: 80 });
  });
});

describe('TTYPE and MTTS', () => {
  it("reads Mudlet's cycle: name, ANSI-TRUECOLOR, MTTS 2825", () => {
    const { options, agains } = cycle(['MUDLET', 'ANSI-TRUECOLOR', 'MTTS 2825']);
    expect(agains).toEqual([true, true, false]);
    expect(options).toMatchObject({
      client_name: 'MUDLET',
      ansi: true,
      xterm256: true,
      truecolor: true,
      'utf-8': false,
      screenreader: false,
      mnes: true,
    });
  });

  it("reads TinTin++'s cycle: name, XTERM-256COLOR, MTTS 2317", () => {
    const { options } = cycle(['TINTIN++', 'XTERM-256COLOR', 'MTTS 2317']);
    expect(options).toMatchObject({
      client_name: 'TINTIN++',
      ansi: true,
      xterm256: true,
      truecolor: true,
      'utf-8': true,
    });
  });

  it('reads a screen reader flag and a client without 256 colours', () => {
    const { options } = cycle(['SOMECLIENT', 'ANSI', 'MTTS 69']);
    expect(options).toMatchObject({ ansi: true, xterm256: false, 'utf-8': true, screenreader: true });
  });

  it('stops a client that does not cycle (the same answer twice), and ignores answers past three', () => {
    const ttype = new TtypeCycle();
    expect(ttype.answer(is('XTERM')).again).toBe(true);
    expect(ttype.answer(is('XTERM')).again).toBe(false);
    expect(ttype.answer(is('MTTS 1'))).toEqual({ again: false });
  });

  it('cleans and bounds the name a client gives', () => {
    const { options } = cycle([`\x1b[31m${'N'.repeat(500)}`]);
    expect(options?.client_name).toBe(`[31m${'N'.repeat(60)}`);
  });
});

describe('MSSP', () => {
  it('encodes VAR name VAL value pairs', () => {
    expect([...msspPayload({ NAME: 'Mud', PLAYERS: '3' })]).toEqual([
      1,
      ...Buffer.from('NAME'),
      2,
      ...Buffer.from('Mud'),
      1,
      ...Buffer.from('PLAYERS'),
      2,
      ...Buffer.from('3'),
    ]);
  });
});

describe('CHARSET (RFC 2066)', () => {
  it('asks for UTF-8', () => {
    expect(CHARSET_REQUEST.toString('latin1')).toBe('\x01;UTF-8');
  });

  it('takes the client accepting UTF-8, and notes a rejection or an odd answer without replying', () => {
    expect(charsetAnswer(Buffer.from('\x02UTF-8', 'latin1'))).toEqual({ utf8: true });
    expect(charsetAnswer(Buffer.from('\x02utf8', 'latin1'))).toEqual({ utf8: true });
    expect(charsetAnswer(Buffer.from([Charset.REJECTED]))).toEqual({ utf8: false });
    expect(charsetAnswer(Buffer.from('\x02ISO-8859-1', 'latin1'))).toEqual({});
    expect(charsetAnswer(Buffer.from([9, 9, 9]))).toEqual({});
    expect(charsetAnswer(Buffer.alloc(0))).toEqual({});
  });

  it("answers the client's own request: UTF-8 accepted when listed, else rejected", () => {
    expect(charsetAnswer(Buffer.from('\x01 ISO-8859-1 UTF-8', 'latin1')).reply?.toString('latin1')).toBe('\x02UTF-8');
    expect(charsetAnswer(Buffer.from('\x01;US-ASCII;LATIN1', 'latin1')).reply).toEqual(Buffer.from([Charset.REJECTED]));
    expect(charsetAnswer(Buffer.from([Charset.REQUEST])).reply).toEqual(Buffer.from([Charset.REJECTED]));
    expect(charsetAnswer(Buffer.from([Charset.TTABLE_IS, 1])).reply).toEqual(Buffer.from([Charset.TTABLE_REJECTED]));
  });
});
