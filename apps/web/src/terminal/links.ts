import { WebLinksAddon } from '@xterm/addon-web-links';
import type { PlayerTextRows } from './playerText.js';

/** The link under the pointer (docs/web-terminal.md#links), for the tooltip. */
export interface LinkHover {
  url: string;
  /** Inside text a player typed (a say, a pose): the tooltip says so. */
  fromPlayer: boolean;
  /** The pointer, in viewport pixels. */
  x: number;
  y: number;
}

/** Only web links are opened: the game's text is not trusted to launch other schemes. */
export function isWebLink(uri: string): boolean {
  try {
    const { protocol } = new URL(uri);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export function openInNewTab(url: string): void {
  // noopener: the opened page cannot reach back into the game's tab (reverse tabnabbing).
  window.open(url, '_blank', 'noopener,noreferrer');
}

/**
 * xterm's web-links addon, which finds http(s) URLs in the buffer's text (its pattern matches no
 * other scheme) and underlines them on hover; a click opens one with `openLink` if it is a web
 * link. Hovering reports the link and whether a player typed it, for the tooltip.
 */
export function webLinks(
  playerRows: PlayerTextRows,
  openLink: (url: string) => void,
  hover: (link: LinkHover | null) => void,
): WebLinksAddon {
  return new WebLinksAddon(
    (event, uri) => {
      event.preventDefault();
      if (isWebLink(uri)) openLink(uri);
    },
    {
      hover: (event, uri, range) => {
        if (!isWebLink(uri)) return;
        // `range` rows are 1-based buffer rows.
        hover({ url: uri, fromPlayer: playerRows.has(range.start.y - 1), x: event.clientX, y: event.clientY });
      },
      leave: () => hover(null),
    },
  );
}
