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
import { chatterDroppedNotice, OUTPUT_BUFFER_FULL } from '../WebSocketSession.js';
import type { LineEditor } from './LineEditor.js';

/** Past this share of MUD_MAX_OUTPUT_BUFFER waiting unsent, chatter is dropped (as on the websocket). */
const CHATTER_DROP_SHARE = 1 / 2;
/** Once dropping, chatter flows again (and the reader is told) at or below this share. */
const CHATTER_RESUME_SHARE = 1 / 4;
/** How often a reader that is losing chatter is checked for having caught up. */
const DRAIN_CHECK_MS = 250;

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
  private droppedChatter = 0;
  private drainTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly channel: ServerChannel,
    private readonly options: SshTerminalOptions,
  ) {}

  /** A line was typed to its end: the prompt it answered stays above it. */
  lineEnded(): void {
    this.prompt = '';
  }

  /** Writes nothing more. */
  stop(): void {
    this.stopped = true;
    this.stopDrainWatch();
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
    const max = this.options.maxOutputBuffer;
    if (chatter && max > 0 && this.lagging(channel, max)) {
      if (this.droppedChatter === 0) {
        this.options.logger?.info(
          { ...this.options.session, buffered: channel.writableLength },
          'dropping chatter for a slow SSH reader (over half of MUD_MAX_OUTPUT_BUFFER)',
        );
      }
      this.droppedChatter++;
      this.watchDrain();
      return false;
    }
    this.reportDropped();
    channel.write(text);
    if (!chatter && max > 0 && channel.writableLength > max) {
      this.options.logger?.warn(
        { ...this.options.session, buffered: channel.writableLength, max },
        `${OUTPUT_BUFFER_FULL}; SSH connection closed (MUD_MAX_OUTPUT_BUFFER)`,
      );
      this.stop();
      this.options.overflowed();
      return false;
    }
    return true;
  }

  private lagging(channel: ServerChannel, max: number): boolean {
    const share = this.droppedChatter > 0 ? CHATTER_RESUME_SHARE : CHATTER_DROP_SHARE;
    return channel.writableLength > max * share;
  }

  /** Tells the reader how much chatter it lost, once its backlog has drained. */
  private reportDropped(): void {
    const channel = this.channel;
    const count = this.droppedChatter;
    if (this.stopped || count === 0 || this.lagging(channel, this.options.maxOutputBuffer)) return;
    this.droppedChatter = 0;
    this.options.logger?.info(
      { ...this.options.session, dropped: count },
      'slow SSH reader drained; chatter flows again',
    );
    this.deliver(chatterDroppedNotice(count), false);
  }

  /**
   * While chatter is dropped, the backlog is checked for having drained: when the flood stops
   * nothing else may be written, and the notice must not wait for the next line.
   */
  private watchDrain(): void {
    if (this.drainTimer) return;
    this.drainTimer = setInterval(() => {
      this.reportDropped();
      if (this.droppedChatter === 0 || this.stopped) this.stopDrainWatch();
    }, DRAIN_CHECK_MS);
    this.drainTimer.unref();
  }

  private stopDrainWatch(): void {
    clearInterval(this.drainTimer);
    this.drainTimer = undefined;
  }
}
