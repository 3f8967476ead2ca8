import { asRegExp, passwordFor } from '@mud/server/testing';
import { type Browser, type BrowserContext, expect, type Locator, type Page } from '@playwright/test';

export type Status = 'connected' | 'reconnecting' | 'disconnected';

/** Output arrives within milliseconds: poll often rather than Playwright's default backoff to 1 s. */
const POLL_INTERVALS = [50, 100, 200];

/**
 * One player in one browser tab of their own: a page in a separate browser context, so each has
 * its own sessionStorage (its own resume token) as two browsers would. Every helper goes through
 * the page as a player would — the form, the command line, the menu buttons — and reads state
 * through the stable test ids and hooks of docs/architecture.md#test-hooks.
 */
export class Player {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly url: string,
    /** The account this player logged in with, once known. */
    public account?: string,
  ) {}

  /** Opens a new tab (in a new context) on the game and waits until it is connected. */
  static async open(browser: Browser, url: string, options: { viewport?: { width: number; height: number } } = {}) {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
    const page = await context.newPage();
    const player = new Player(context, page, url);
    await page.goto(url);
    await player.expectStatus('connected');
    return player;
  }

  // --- reading ---------------------------------------------------------------------------------

  /** Everything the terminal holds, scrollback included. */
  terminalText(): Promise<string> {
    return this.page.evaluate(() => window.__mud?.terminalText() ?? '');
  }

  /** A mark in the output: `expectText(needle, { after: mark })` looks only at later lines. */
  async mark(): Promise<number> {
    // The buffer holds blank rows below the cursor until output scrolls: count written lines only.
    return (await this.terminalText()).replace(/\n+$/, '').split('\n').length;
  }

  /** Waits until the terminal shows `needle` (after the line `after`, if given). */
  async expectText(needle: string | RegExp, options: { after?: number; timeout?: number } = {}): Promise<void> {
    const pattern = asRegExp(needle);
    await expect
      .poll(
        async () => {
          const text = await this.terminalText();
          return options.after === undefined ? text : text.split('\n').slice(options.after).join('\n');
        },
        {
          message: `terminal to show ${String(needle)}`,
          intervals: POLL_INTERVALS,
          ...(options.timeout ? { timeout: options.timeout } : {}),
        },
      )
      .toMatch(pattern);
  }

  /** Asserts the terminal does not show `needle` (after the line `after`, if given). */
  async expectNoText(needle: string | RegExp, options: { after?: number } = {}): Promise<void> {
    const text = await this.terminalText();
    const part = options.after === undefined ? text : text.split('\n').slice(options.after).join('\n');
    expect(part).not.toMatch(asRegExp(needle));
  }

  status(): Locator {
    return this.page.getByTestId('connection-status');
  }

  async expectStatus(status: Status, timeout?: number): Promise<void> {
    await this.expectAttribute(this.status(), null, status, timeout);
  }

  /**
   * Waits until `locator`'s attribute (its text, for null) is `value`. Polls every 50–200 ms:
   * state changes land within milliseconds, and Playwright's own assertions back off to 1 s,
   * which adds up over a suite.
   */
  async expectAttribute(locator: Locator, name: string | null, value: string, timeout?: number): Promise<void> {
    await expect
      .poll(async () => (name === null ? await locator.textContent() : await locator.getAttribute(name)), {
        message: `${name ?? 'text'} of ${locator} to be ${JSON.stringify(value)}`,
        intervals: POLL_INTERVALS,
        ...(timeout ? { timeout } : {}),
      })
      .toBe(value);
  }

  sessionPanel(): Locator {
    return this.page.getByTestId('session-panel');
  }

  /** The terminal's width in columns (it follows the window). */
  async terminalCols(): Promise<number> {
    return this.page.evaluate(() => window.__mud?.cols() ?? 0);
  }

  /** This tab's session id, as the page knows it. */
  async sessid(): Promise<number | null> {
    return this.page.evaluate(() => window.__mud?.sessid() ?? null);
  }

  /** Waits until this tab plays `name` (or is OOC, for null). */
  async expectPuppet(name: string | null): Promise<void> {
    await this.expectAttribute(this.sessionPanel(), 'data-puppet', name ?? '');
  }

  menu(): Locator {
    return this.page.getByTestId('charmenu');
  }

  /** The character menu's entry for `name`. */
  menuItem(name: string): Locator {
    return this.page.locator(`[data-testid="charmenu-item"][data-name="${name}"]`);
  }

  // --- acting ----------------------------------------------------------------------------------

  /** Types a line into the command input and sends it. */
  async type(line: string): Promise<void> {
    const input = this.page.getByTestId('command-input');
    await input.fill(line);
    await input.press('Enter');
    await expect(input).toHaveValue('');
  }

  /**
   * Clicks `text` where the terminal shows it (the newest occurrence on screen), e.g. a link.
   * Works on xterm's DOM renderer, which draws each row as text.
   */
  async clickTerminalText(text: string): Promise<void> {
    const box = await this.locateTerminalText(text);
    // The middle of its first character.
    const [x, y] = [box.x + box.width / text.length / 2, box.y + box.height / 2];
    // Hover first: xterm's link detection runs on mouse move.
    await this.page.mouse.move(x, y);
    await this.page.mouse.click(x, y);
  }

  /**
   * Selects `text` where the terminal shows it (the newest occurrence on screen) by dragging the
   * mouse across it, as a player would. The client copies a selection to the clipboard.
   */
  async selectTerminalText(text: string): Promise<void> {
    const box = await this.locateTerminalText(text);
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width / 2, y, { steps: 2 });
    await this.page.mouse.move(box.x + box.width - 1, y, { steps: 2 });
    await this.page.mouse.up();
  }

  /** The on-screen box of the newest occurrence of `text` in the terminal's rows. */
  private async locateTerminalText(text: string): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await this.page.evaluate((needle) => {
      const rows = document.querySelector('[data-testid="terminal"] .xterm-rows');
      if (rows === null) return null;
      // A row is drawn as one or more spans (one per run of attributes): search each row's text.
      let found: { x: number; y: number; width: number; height: number } | null = null;
      for (const row of Array.from(rows.children)) {
        const at = row.textContent?.indexOf(needle) ?? -1;
        if (at < 0) continue;
        const range = document.createRange();
        const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
        let offset = 0;
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          const length = node.textContent?.length ?? 0;
          if (offset <= at && at < offset + length) range.setStart(node, at - offset);
          if (offset < at + needle.length && at + needle.length <= offset + length) {
            range.setEnd(node, at + needle.length - offset);
            break;
          }
          offset += length;
        }
        const rect = range.getBoundingClientRect();
        found = { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
      }
      return found;
    }, text);
    expect(box, `terminal to show ${text} on screen`).not.toBeNull();
    if (box === null) throw new Error(`terminal does not show ${text}`);
    return box;
  }

  /** Creates an account through the login form (and is logged straight in). */
  async createAccount(name: string, password = passwordFor(name)): Promise<void> {
    await this.submitForm(name, password, 'create');
    await this.expectLoggedIn(name);
  }

  /** Logs in through the login form. */
  async login(name: string, password = passwordFor(name)): Promise<void> {
    await this.submitForm(name, password, 'login');
    await this.expectLoggedIn(name);
  }

  /** Logs in by typing `connect <name> <password>` in the command line. */
  async connectTyped(name: string, password = passwordFor(name)): Promise<void> {
    await this.type(`connect ${name.includes(' ') ? `"${name}"` : name} ${password}`);
    await this.expectLoggedIn(name);
  }

  /** Fills the login form and presses create or log in, without waiting for the answer. */
  async submitForm(name: string, password: string, how: 'create' | 'login'): Promise<void> {
    await this.page.getByTestId('login-name').fill(name);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId(how === 'create' ? 'create-submit' : 'login-submit').click();
  }

  async expectLoggedIn(account: string): Promise<void> {
    await this.expectAttribute(this.sessionPanel(), 'data-account', account);
    this.account = account;
  }

  /** Creates a character from the menu's form and waits for it to appear in the menu. */
  async createCharacter(name: string, description?: string): Promise<void> {
    await this.menu().getByTestId('charmenu-create').click();
    await this.page.getByTestId('charmenu-create-name').fill(name);
    if (description !== undefined) await this.page.getByTestId('charmenu-create-description').fill(description);
    await this.page.getByTestId('charmenu-create-submit').click();
    await this.expectAttribute(this.menuItem(name), 'data-name', name);
  }

  /** Picks a character from the menu (play, take over or join) and waits until this tab plays it. */
  async pickCharacter(name: string): Promise<void> {
    await this.menuItem(name).getByTestId('charmenu-play').click();
    await this.expectPuppet(name);
  }

  /** Deletes a character from the menu, confirming, and waits for it to go. */
  async deleteCharacter(name: string): Promise<void> {
    await this.menuItem(name).getByTestId('charmenu-delete').click();
    await this.menuItem(name).getByTestId('charmenu-delete-confirm').click();
    await expect(this.menuItem(name)).toHaveCount(0);
  }

  async goOoc(): Promise<void> {
    await this.page.getByTestId('go-ooc').click();
    await this.expectPuppet(null);
  }

  async quit(): Promise<void> {
    await this.page.getByTestId('quit').click();
    await this.expectStatus('disconnected');
  }

  /**
   * Drops the websocket as a network blip would: closed from the page without a code (1005), so
   * neither side meant to end the session. The client reconnects and resumes by itself.
   */
  async dropSocket(): Promise<void> {
    const dropped = await this.page.evaluate(() => {
      const ws = window.__mud?.socket();
      ws?.close();
      return ws !== undefined;
    });
    expect(dropped, 'a socket to drop').toBe(true);
  }

  /** Cuts (or restores) this tab's network, as a dropped Wi-Fi would; open sockets stay until dropped. */
  async setOffline(offline: boolean): Promise<void> {
    await this.context.setOffline(offline);
  }

  /** Reloads the page (a refresh): the tab keeps its sessionStorage. */
  async reload(): Promise<void> {
    await this.page.reload();
  }

  /**
   * Opens a copy of this tab as a browser's "Duplicate tab" does: a new tab of the same browser
   * whose sessionStorage (so its resume token) is a copy of this one's. It closes with this one.
   */
  async duplicate(): Promise<Player> {
    const storage = await this.page.evaluate(() => Object.entries(sessionStorage));
    const page = await this.context.newPage();
    await page.addInitScript((entries) => {
      // Only on the first load: a duplicate's own storage is its own afterwards.
      if (sessionStorage.getItem('e2e.duplicated') !== null) return;
      sessionStorage.setItem('e2e.duplicated', '1');
      for (const [key, value] of entries) sessionStorage.setItem(key, value);
    }, storage);
    const copy = new Player(this.context, page, this.url, this.account);
    await page.goto(this.url);
    return copy;
  }

  /**
   * Starts recording every text the connection status shows, to assert later that something
   * (a game server reload, say) never showed `reconnecting`. Lasts until the page reloads.
   */
  async watchStatus(): Promise<() => Promise<string[]>> {
    await this.page.evaluate(() => {
      const log: string[] = [];
      window.__mudStatusLog = log;
      const read = () => document.querySelector('[data-testid="connection-status"]')?.textContent ?? '';
      log.push(read());
      new MutationObserver(() => {
        const text = read();
        if (text !== log.at(-1)) log.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    return () => this.page.evaluate(() => [...(window.__mudStatusLog ?? [])]);
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
