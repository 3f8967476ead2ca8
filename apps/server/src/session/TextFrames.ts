/**
 * The text frame `msg` built last for each kind of client, reused while the text is the same: a
 * message to a room of a thousand builds one frame, which the game server then sends to the
 * portal once for all of them (its output batching groups sessions by frame identity). Frames are
 * never changed once built. One per game server, passed to its sessions, so no module keeps it.
 */
import { type OutboundFrame, out } from '@mud/protocol';
import { type ColourSupport, renderMarkup } from '../text/markup.js';

export class TextFrames {
  private readonly last: Partial<Record<ColourSupport, { text: string; frame: OutboundFrame }>> = {};

  frame(text: string, colours: ColourSupport): OutboundFrame {
    let last = this.last[colours];
    if (last?.text !== text) {
      last = { text, frame: out.text(renderMarkup(text, colours)) };
      this.last[colours] = last;
    }
    return last.frame;
  }
}
