import { useEffect, useRef } from 'react';
import type { MudTerminal } from './createTerminal.js';

interface TerminalProps {
  terminal: MudTerminal;
  /** Called on a click that selected no text, so the app can return focus to the command input. */
  onPlainClick?: () => void;
}

export function Terminal({ terminal, onPlainClick }: TerminalProps) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (container.current === null) return;
    return terminal.attach(container.current);
  }, [terminal]);

  const handleMouseUp = () => {
    if (onPlainClick !== undefined && (window.getSelection()?.isCollapsed ?? true)) onPlainClick();
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a mouse-only shortcut back to the command input, which keyboard users reach directly
    <div className="terminal" data-testid="terminal" ref={container} onMouseUp={handleMouseUp} />
  );
}
