/**
 * MCCP2, telnet option 86 (docs/telnet.md#mccp2): every byte the portal writes goes through
 * here. Once the client said DO, `start` writes IAC SB MCCP2 IAC SE and from the next byte on
 * everything is one zlib stream, flushed with Z_SYNC_FLUSH after each write so the client can
 * show it at once. `stop` (the client's DONT) finishes the stream; bytes written meanwhile wait
 * and follow it uncompressed, so nothing is ever out of order.
 */
import { constants, createDeflate, type Deflate } from 'node:zlib';
import { IAC, Opt, SB, SE } from './codes.js';

const START = Buffer.from([IAC, SB, Opt.MCCP2, IAC, SE]);

export interface ByteSink {
  write(bytes: Buffer): unknown;
  readonly writableLength: number;
}

export class Mccp2 {
  private deflate: Deflate | undefined;
  /** Bytes written while a finished stream's tail is still on its way, in order. */
  private waiting: (Buffer | 'start')[] | undefined;

  constructor(
    private readonly sink: ByteSink,
    private readonly failed: (err: Error) => void,
  ) {}

  get compressing(): boolean {
    return this.deflate !== undefined;
  }

  /** Output not yet handed to the socket (inside zlib). */
  get pending(): number {
    return this.deflate?.writableLength ?? 0;
  }

  write(bytes: Buffer): void {
    if (this.waiting) this.waiting.push(bytes);
    else if (this.deflate) {
      this.deflate.write(bytes);
      this.deflate.flush(constants.Z_SYNC_FLUSH);
    } else this.sink.write(bytes);
  }

  start(): void {
    if (this.waiting) {
      this.waiting.push('start');
      return;
    }
    if (this.deflate) return;
    this.sink.write(START);
    const deflate = createDeflate();
    deflate.on('data', (chunk: Buffer) => this.sink.write(chunk));
    deflate.on('error', (err) => this.failed(err));
    this.deflate = deflate;
  }

  /** Ends compression; `done` runs once the stream's last byte is written. */
  stop(done: () => void = () => {}): void {
    const deflate = this.deflate;
    if (!deflate) {
      if (this.waiting) this.waiting.push(Buffer.alloc(0));
      done();
      return;
    }
    this.deflate = undefined;
    this.waiting = [];
    deflate.once('end', () => {
      const waiting = this.waiting ?? [];
      this.waiting = undefined;
      for (const item of waiting) {
        if (item === 'start') this.start();
        else if (item.length > 0) this.write(item);
      }
      done();
    });
    deflate.end();
  }

  /** Drops the stream without finishing it (the socket is gone). */
  destroy(): void {
    this.deflate?.destroy();
    this.deflate = undefined;
    this.waiting = undefined;
  }
}
