import type { ITerminalOptions } from '@xterm/xterm';
import { darkTheme, lightTheme } from '../terminal/theme.js';
import type { Settings } from './settings.js';

/** The xterm options the settings decide (docs/architecture.md#player-settings). */
export type TerminalLook = Required<
  Pick<ITerminalOptions, 'fontSize' | 'lineHeight' | 'theme' | 'cursorBlink' | 'smoothScrollDuration'>
>;

/** The automatic font size: smaller on phones, so that lines of the usual 80 columns wrap less. */
export function autoFontSize(narrow: boolean): number {
  return narrow ? 12 : 14;
}

/** What the terminal should look like under these settings on a narrow (phone) screen or not. */
export function terminalLook(settings: Settings, narrow: boolean): TerminalLook {
  return {
    fontSize: settings.fontSize ?? autoFontSize(narrow),
    lineHeight: settings.lineHeight,
    theme: settings.theme === 'light' ? lightTheme : darkTheme,
    cursorBlink: false,
    smoothScrollDuration: settings.reducedMotion ? 0 : 100,
  };
}

/**
 * Sets the look on a live terminal's options; true when the cell size changed, so the caller
 * must fit the terminal to its container again (the columns and rows change).
 */
export function applyToTerminal(options: ITerminalOptions, look: TerminalLook): boolean {
  const resized = options.fontSize !== look.fontSize || options.lineHeight !== look.lineHeight;
  if (resized) {
    options.fontSize = look.fontSize;
    options.lineHeight = look.lineHeight;
  }
  if (options.theme !== look.theme) options.theme = look.theme;
  if (options.cursorBlink !== look.cursorBlink) options.cursorBlink = look.cursorBlink;
  if (options.smoothScrollDuration !== look.smoothScrollDuration) {
    options.smoothScrollDuration = look.smoothScrollDuration;
  }
  return resized;
}
