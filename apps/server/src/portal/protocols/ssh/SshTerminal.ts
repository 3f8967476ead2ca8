/**
 * What an SSH shell shows (docs/telnet.md#ssh): the game's frames as a terminal's lines — text
 * with CR LF, `error` frames in red, a `prompt` left on its line (with `echo: false` the next line
 * typed is not echoed), OOB frames not at all. Over a pty, output that arrives while the player
 * types is written above the line, and the prompt and the half-typed line are drawn again.
 *
 * A reader that lags is treated as on the websocket (docs/telnet.md#ssh, "Slow readers"):
 * other players' chatter is dropped past half of MUD_MAX_OUTPUT_BUFFER waiting in the channel
 * (and the reader told how much once it is down to a quarter); anything else past the cap
 * closes the session.
 */
import type { OutboundFrame } from '@mud/protocol';
import type { ServerChannel } from 'ssh2';
import type { Logger } from '../../../logger.js';
import { OUTPUT_BUFFER_FULL, SlowReader } from '../SlowReader.js';
import type { LineEditor } from './LineEditor.js';

const RED = '\x1b[31m';
const RESET = '\x1b[0m';
/** Back to column 0 and clear the line: the typed line makes way for output, then is redrawn. */
const CLEAR_LINE = '\r\x1b[K';

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

export interface SshTerminalOptions {
  /** A pty: typed text is echoed, and redrawn under output. */
  pty: boolean;
  editor: LineEditor;
  /** MUD_MAX_OUTPUT_BUFFER; 0: no cap. */
  maxOutputBuffer: number;
  logger?: Logger | undefined;
  /** Log fields naming the session. */
  session: { sessid: number; address: string };
  /** More than MUD_MAX_OUTPUT_BUFFER waits unread: the session is to close. */
  overflowed(): void;
}

export class SshTerminal {
  /** The last line of the latest prompt, shown before what the player types until a line ends. */
  private prompt = '';
  private readonly reader: SlowReader;
  private stopped = false;

  constructor(
    private readonly channel: ServerChannel,
    private readonly options: SshTerminalOptions,
  ) {
    this.reader = new SlowReader({
      max: options.maxOutputBuffer,
      backlog: () => (this.stopped ? undefined : channel.writableLength),
      notify: (notice) => this.deliver(notice, false),
      logger: options.logger,
      who: options.session,
    });
  }

  /** A line was typed to its end: the prompt it answered stays above it. */
  lineEnded(): void {
    this.prompt = '';
  }

  /** Writes nothing more. */
  stop(): void {
    this.stopped = true;
    this.reader.stop();
  }

  /** Writes one frame to the terminal. */
  deliver(frame: OutboundFrame, chatter: boolean): void {
    switch (frame[0]) {
      case 'text': {
        const text = crlf(frame[1][0]);
        this.output(text.endsWith('\r\n') ? text : `${text}\r\n`, chatter);
        return;
      }
      case 'error':
        this.output(`${RED}${crlf(frame[1][0]).replace(/\r\n$/, '')}${RESET}\r\n`, chatter);
        return;
      case 'prompt': {
        if ((frame[2] as { echo?: unknown }).echo === false) this.options.editor.hideNextLine();
        const text = crlf(frame[1][0]);
        const cut = text.lastIndexOf('\n') + 1;
        this.output(text.slice(0, cut), chatter, text.slice(cut));
        return;
      }
      default:
        // State and OOB frames (`session`, `charmenu`, `oob`...): no GMCP over SSH.
        return;
    }
  }

  /**
   * Writes output above the line being typed: over a pty the prompt and the typed text are
   * cleared, the output written, and they are drawn again, so output never splits what the
   * player is typing. A `prompt` given replaces the prompt shown.
   */
  private output(text: string, chatter: boolean, prompt?: string): void {
    const next = prompt ?? this.prompt;
    if (!this.options.pty) {
      if (this.write(text + (prompt ?? ''), chatter)) this.prompt = next;
      return;
    }
    const editor = this.options.editor;
    const typed = editor.echoing ? editor.line : '';
    const clear = this.prompt.length + typed.length > 0 ? CLEAR_LINE : '';
    if (this.write(clear + text + next + typed, chatter)) this.prompt = next;
  }

  /**
   * Writes to the channel: chatter is dropped while the reader lags; anything else that takes the
   * backlog past MUD_MAX_OUTPUT_BUFFER closes the session. False when nothing was written.
   */
  write(text: string, chatter = false): boolean {
    const channel = this.channel;
    if (this.stopped || text === '') return false;
    if (chatter && this.reader.dropsChatter()) return false;
    this.reader.reportDropped();
    channel.write(text);
    if (!chatter && this.reader.overflowing) {
      this.options.logger?.warn(
        { ...this.options.session, buffered: channel.writableLength, max: this.options.maxOutputBuffer },
        `${OUTPUT_BUFFER_FULL}; SSH connection closed (MUD_MAX_OUTPUT_BUFFER)`,
      );
      this.stop();
      this.options.overflowed();
      return false;
    }
    return true;
  }
}
