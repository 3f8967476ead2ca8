/**
 * Issue 5: "Do not load xterm's clipboard addon (it lets the server read the clipboard)". The
 * addon answers OSC 52 queries with the clipboard's contents, and writes whatever the game's
 * output asks for; xterm's core has no OSC 52 handler of its own. So: the addon is no dependency,
 * no source imports it, and the terminal we build registers no OSC 52 handler and loads no addon
 * but fit and web links.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const WEB_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(WEB_ROOT, 'src');
const THIS_FILE = fileURLToPath(import.meta.url);
const CLIPBOARD_ADDON = ['@xterm', 'addon-clipboard'].join('/');

/** What the fake xterm saw `createTerminal` do. */
const seen = vi.hoisted(() => ({
  oscHandlers: [] as number[],
  addons: [] as string[],
  /** The terminal's selection listener, and what is selected. */
  selectionChanged: (() => {}) as () => void,
  selection: '',
}));

vi.mock('@xterm/xterm', () => ({
  Terminal: class {
    readonly parser = {
      registerOscHandler: (ident: number) => {
        seen.oscHandlers.push(ident);
        return { dispose: () => {} };
      },
    };
    options: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      this.options = options;
    }
    loadAddon(addon: object) {
      seen.addons.push(addon.constructor.name);
    }
    onSelectionChange(listener: () => void) {
      seen.selectionChanged = listener;
      return { dispose: () => {} };
    }
    getSelection() {
      return seen.selection;
    }
    clearSelection() {}
    dispose() {}
  },
}));
vi.mock('@xterm/addon-fit', () => ({ FitAddon: class FitAddon {} }));
vi.mock('@xterm/addon-web-links', () => ({ WebLinksAddon: class WebLinksAddon {} }));
// xterm's search addon selects each match it finds, which fires the terminal's selection event.
vi.mock('@xterm/addon-search', () => ({
  SearchAddon: class SearchAddon {
    onDidChangeResults() {
      return { dispose: () => {} };
    }
    findNext(query: string) {
      seen.selection = query;
      seen.selectionChanged();
      return true;
    }
    clearDecorations() {}
  },
}));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|jsx|mjs|cjs)$/.test(entry.name) && path !== THIS_FILE ? [path] : [];
  });
}

describe('no clipboard access for the server (issue 5)', () => {
  it('@xterm/addon-clipboard is not a dependency of the web client', () => {
    const manifest = JSON.parse(readFileSync(join(WEB_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    const declared = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'].flatMap((field) =>
      Object.keys((manifest[field] as Record<string, string> | undefined) ?? {}),
    );
    expect(declared).not.toContain(CLIPBOARD_ADDON);
  });

  it('no source file imports it', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((file) => readFileSync(file, 'utf8').includes(CLIPBOARD_ADDON));
    expect(offenders.map((file) => relative(WEB_ROOT, file))).toEqual([]);
  });

  it('the terminal registers no OSC 52 handler and loads only the fit and web-links addons', async () => {
    const { createTerminal } = await import('./createTerminal.js');
    createTerminal({ copy: () => {} }).dispose();
    expect(seen.oscHandlers).not.toContain(52);
    expect(seen.addons.sort()).toEqual(['FitAddon', 'WebLinksAddon']);
  });
});

describe('copy on select (docs/web-terminal.md#search)', () => {
  it('copies what the player selects, but not a match the search selects', async () => {
    vi.useFakeTimers();
    try {
      const { createTerminal } = await import('./createTerminal.js');
      const copied: string[] = [];
      const terminal = createTerminal({ copy: (text) => copied.push(text) });
      seen.selection = 'picked by hand';
      seen.selectionChanged();
      await vi.advanceTimersByTimeAsync(200);
      expect(copied).toEqual(['picked by hand']);
      expect(await terminal.search.next('lantern')).toBe(true);
      expect(seen.selection).toBe('lantern');
      await vi.advanceTimersByTimeAsync(200);
      expect(copied).toEqual(['picked by hand']);
      terminal.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});
