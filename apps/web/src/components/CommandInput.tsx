import type { KeyboardEvent, Ref } from 'react';
import { useState } from 'react';
import { useMud } from '../app/MudContext.js';
import { CommandHistory } from '../input/CommandHistory.js';
import { ConnectionStatus } from '../net/ConnectionStatus.js';
import { Limits } from '../protocol.js';
import { useStoreState } from '../stores/react.js';

interface CommandInputProps {
  ref?: Ref<HTMLInputElement>;
}

/**
 * The single-line command input. Enter sends the line as a `text` frame; the server's answer is
 * the only echo (no local echo, as in Evennia's web client), so a password typed in
 * `connect name pw` never reaches the scrollback, and such lines stay out of the history.
 * Up/Down recall earlier lines.
 */
export function CommandInput({ ref }: CommandInputProps) {
  const { sendLine, stores } = useMud();
  const connected = useStoreState(stores.connection, (s) => s.status === ConnectionStatus.Connected);
  // The game asked for a password (docs/sessions.md#the-secret-prompt): this line is hidden, and
  // never recalled nor remembered.
  const secret = useStoreState(stores.session, (s) => s.secretInput);
  const [value, setValue] = useState('');
  const [history] = useState(() => new CommandHistory());

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return; // an IME is still composing this Enter
    switch (event.key) {
      case 'Enter': {
        event.preventDefault();
        // Kept in the field when it could not be sent, so a line typed while offline is not lost.
        if (!sendLine(value)) return;
        if (!secret) history.push(value);
        setValue('');
        return;
      }
      case 'ArrowUp': {
        event.preventDefault();
        if (secret) return;
        const line = history.previous(value);
        if (line !== undefined) setValue(line);
        return;
      }
      case 'ArrowDown': {
        event.preventDefault();
        if (secret) return;
        const line = history.next();
        if (line !== undefined) setValue(line);
        return;
      }
    }
  };

  return (
    <input
      data-testid="command-input"
      ref={ref}
      className="command-input"
      type={secret ? 'password' : 'text'}
      aria-label={secret ? 'Password' : 'Command'}
      placeholder={
        secret
          ? 'Password (hidden) and Enter'
          : connected
            ? 'Type a command and press Enter'
            : 'Not connected: your line will wait here'
      }
      autoComplete={secret ? 'current-password' : 'off'}
      autoCapitalize="off"
      autoCorrect="off"
      spellCheck={false}
      enterKeyHint="send"
      maxLength={Limits.lineLength}
      // biome-ignore lint/a11y/noAutofocus: the command line is the page's main control
      autoFocus
      value={value}
      onChange={(event) => setValue(event.target.value)}
      onKeyDown={onKeyDown}
    />
  );
}
