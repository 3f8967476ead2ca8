import { useEffect, useRef } from 'react';
import type { MudTerminal } from './createTerminal.js';
import { LinkTooltip } from './LinkTooltip.js';
import { SearchBar } from './search/SearchBar.js';

interface TerminalProps {
  terminal: MudTerminal;
  /** Called on a click that selected no text, so the app can return focus to the command input. */
  onPlainClick?: () => void;
  /** Called when the search bar closes, so the app can return focus to the command input. */
  onSearchClose?: () => void;
}

export function Terminal({ terminal, onPlainClick, onSearchClose }: TerminalProps) {
  const container = useRef<HTMLElement>(null);

  useEffect(() => {
    if (container.current === null) return;
    return terminal.attach(container.current);
  }, [terminal]);

  // xterm keeps its own selection model (not the DOM's): ask it whether text is selected.
  const handleMouseUp = () => {
    if (onPlainClick !== undefined && !terminal.hasSelection()) onPlainClick();
  };

  return (
    <>
      <section
        className="terminal"
        data-testid="terminal"
        ref={container}
        onMouseUp={handleMouseUp}
        aria-label="Game output"
      />
      <LinkTooltip terminal={terminal} />
      <SearchBar search={terminal.search} {...(onSearchClose ? { onClose: onSearchClose } : {})} />
    </>
  );
}
