/**
 * The text frame `msg` built last for each kind of client, reused while the text is the same: a
 * message to a room of a thousand builds one frame, which the game server then sends to the
 * portal once for all of them (its output batching groups sessions by frame identity). Frames are
 * never changed once built. One per game server, passed to its sessions, so no module keeps it.
 */
import { type OutboundFrame, out } from '@mud/protocol';
import { type ColourSupport, renderMarkup } from '../text/markup.js';
import type { MsgOptions } from './MsgKwargs.js';

interface Built {
  text: string;
  raw: boolean;
  type: string | undefined;
  frame: OutboundFrame;
}

export class TextFrames {
  private readonly last: Partial<Record<ColourSupport, Built>> = {};

  frame(text: string, colours: ColourSupport, options: MsgOptions = {}): OutboundFrame {
    const raw = options.raw === true;
    const type = options.type;
    let last = this.last[colours];
    if (last?.text !== text || last.raw !== raw || last.type !== type) {
      last = { text, raw, type, frame: out.text(raw ? text : renderMarkup(text, colours), type) };
      this.last[colours] = last;
    }
    return last.frame;
  }

  /** A prompt frame, rendered as text is; prompts go to one session at a time, so none is kept. */
  prompt(text: string, colours: ColourSupport, options: MsgOptions = {}): OutboundFrame {
    return out.prompt(options.raw === true ? text : renderMarkup(text, colours));
  }
}
