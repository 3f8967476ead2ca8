import { escapeMarkup, sanitizePlayerText } from '../../text/markup.js';
import { Command } from '../Command.js';

/** `help [<command>]`: lists the commands available here, or shows one command's help. */
export class CmdHelp extends Command {
  readonly key = 'help';
  override readonly aliases = ['?'];
  override readonly help = 'Show the available commands, or help on one.\n\nUsage:\n  help\n  help <command>';

  func(): void {
    const cmdset = this.ctx.cmdset;
    const visible = cmdset.commands.filter((c) => !c.key.startsWith('__'));
    const topic = this.args.toLowerCase();
    if (topic) {
      const cmd = visible.find((c) => c.names.includes(topic));
      if (!cmd) {
        this.msg(
          `No help found for "${escapeMarkup(sanitizePlayerText(topic))}". Type "help" for the list of commands.`,
        );
        return;
      }
      const aliases = cmd.aliases.length ? ` (aliases: ${cmd.aliases.join(', ')})` : '';
      this.msg(`|w${cmd.key}|n${aliases}\n${cmd.help || 'No help text.'}`);
      return;
    }
    const byCategory = new Map<string, string[]>();
    for (const cmd of visible) {
      const list = byCategory.get(cmd.helpCategory) ?? [];
      list.push(cmd.key);
      byCategory.set(cmd.helpCategory, list);
    }
    const lines = [...byCategory.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([category, keys]) => `|w${category}|n: ${keys.sort().join(', ')}`);
    this.msg(`Available commands:\n${lines.join('\n')}\nType "help <command>" for more.`);
  }
}
