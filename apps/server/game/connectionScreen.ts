/**
 * The connection screen, sent to every new connection (Evennia's connection_screens.py).
 * Edit freely: it is game code, loaded by the game server at start.
 */
import type { Settings } from '../src/config.js';

export function connectionScreen(settings: Settings): string {
  return [
    '|b==============================================================|n',
    ` Welcome to |g${settings.serverName}|n!`,
    '',
    ' If you have an existing account, connect to it by typing:',
    '      |wconnect <username> <password>|n',
    " If you need to create an account, type (without the <>'s):",
    '      |wcreate <username> <password>|n',
    '',
    ' If you have spaces in your username, enclose it in quotes.',
    ' Enter |whelp|n for more info. |wlook|n will re-show this screen.',
    '|b==============================================================|n',
  ].join('\n');
}
