/**
 * The text frame `msg` built last for each kind of client, reused while the text is the same: a
 * message to a room of a thousand builds one frame, which the game server then sends to the
 * portal once for all of them (its output batching groups sessions by frame identity). A kind of
 * client is its colour support and its screen width (docs/sessions.md#screen-width): a room of
 * listeners at two widths builds two frames. Frames are never changed once built. One per game
 * server, passed to its sessions, so no module keeps it.
 */
import { type OutboundFrame, out } from '@mud/protocol';
import { type ColourSupport, renderMarkup } from '../text/markup.js';
import { wrapText } from '../text/wrap.js';
import type { MsgOptions } from './MsgKwargs.js';

interface Built {
  text: string;
  raw: boolean;
  nowrap: boolean;
  type: string | undefined;
  frame: OutboundFrame;
}

/** Renders (unless `raw`) and wraps (unless `nowrap`) one message for one kind of client. */
function render(text: string, colours: ColourSupport, width: number, options: MsgOptions): string {
  const rendered = options.raw === true ? text : renderMarkup(text, colours);
  return options.nowrap === true ? rendered : wrapText(rendered, width);
}

export class TextFrames {
  /** The last frame built for each kind of client, keyed `colours:width` (at most 3 × 381 keys). */
  private readonly last = new Map<string, Built>();

  frame(text: string, colours: ColourSupport, width: number, options: MsgOptions = {}): OutboundFrame {
    const raw = options.raw === true;
    const nowrap = options.nowrap === true;
    const type = options.type;
    const key = `${colours}:${width}`;
    let last = this.last.get(key);
    if (last?.text !== text || last.raw !== raw || last.nowrap !== nowrap || last.type !== type) {
      last = { text, raw, nowrap, type, frame: out.text(render(text, colours, width, options), type) };
      this.last.set(key, last);
    }
    return last.frame;
  }

  /** A prompt frame, rendered as text is; prompts go to one session at a time, so none is kept. */
  prompt(text: string, colours: ColourSupport, width: number, options: MsgOptions = {}): OutboundFrame {
    return out.prompt(render(text, colours, width, options), options.echo === false ? { echo: false } : {});
  }
}
