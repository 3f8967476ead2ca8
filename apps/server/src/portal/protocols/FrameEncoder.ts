/**
 * A frame's JSON, encoded once however many sessions it goes to: the game server sends a room
 * message as one batch, so every listener's copy is the same object. One encoder per portal
 * (made where its websocket route is), shared by that portal's websocket sessions; the cache is
 * weak, so a frame's text goes when the frame does.
 */
import { encodeOutbound, type OutboundFrame } from '@mud/protocol';

export class FrameEncoder {
  private readonly texts = new WeakMap<OutboundFrame, string>();

  encode(frame: OutboundFrame): string {
    let text = this.texts.get(frame);
    if (text === undefined) {
      text = encodeOutbound(frame);
      this.texts.set(frame, text);
    }
    return text;
  }
}
