import { useEffect, useState } from 'react';
import type { MudTerminal } from './createTerminal.js';
import type { LinkHover } from './links.js';
import './linkTooltip.css';

/**
 * What a hovered link opens, shown in full before the click (docs/web-terminal.md#links); a link
 * inside text a player typed says so. Text only (`textContent`): the URL is never markup.
 */
export function LinkTooltip({ terminal }: { terminal: MudTerminal }) {
  const [link, setLink] = useState<LinkHover | null>(null);
  useEffect(() => terminal.onLinkHover(setLink), [terminal]);
  if (link === null) return null;
  // Below and right of the pointer, kept inside the window.
  const left = Math.max(8, Math.min(link.x + 12, window.innerWidth - 328));
  const top = link.y + 20 + 60 > window.innerHeight ? link.y - 64 : link.y + 20;
  return (
    <div
      className={`link-tooltip${link.fromPlayer ? ' link-tooltip--player' : ''}`}
      data-testid="terminal-link-tooltip"
      data-from={link.fromPlayer ? 'player' : 'game'}
      role="tooltip"
      style={{ left, top }}
    >
      {link.fromPlayer && <strong className="link-tooltip__who">Link from a player: check where it goes</strong>}
      <span className="link-tooltip__url">{link.url}</span>
    </div>
  );
}
