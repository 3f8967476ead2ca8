import type { ITheme } from '@xterm/xterm';

/** A dark theme matching styles.css; the 16 ANSI colours are tuned for contrast on #0f1115. */
export const darkTheme: ITheme = {
  background: '#0f1115',
  foreground: '#d6dae0',
  cursor: '#d6dae0',
  selectionBackground: '#3a4556',
  // xterm 6 draws its own scrollbar; keep it quiet until used.
  scrollbarSliderBackground: 'rgba(139, 147, 161, 0.12)',
  scrollbarSliderHoverBackground: 'rgba(139, 147, 161, 0.3)',
  scrollbarSliderActiveBackground: 'rgba(139, 147, 161, 0.45)',
  black: '#1b1f27',
  red: '#f0716b',
  green: '#8fd18b',
  yellow: '#e9c46a',
  blue: '#6fa8f5',
  magenta: '#c792ea',
  cyan: '#5fd1d4',
  white: '#d6dae0',
  brightBlack: '#5c6370',
  brightRed: '#ff8f88',
  brightGreen: '#a9e5a5',
  brightYellow: '#f4d58d',
  brightBlue: '#93c0ff',
  brightMagenta: '#dcb0ff',
  brightCyan: '#8ae8ea',
  brightWhite: '#ffffff',
};
