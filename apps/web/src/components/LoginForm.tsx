import type { FormEvent } from 'react';
import { useRef } from 'react';
import { useMud } from '../app/MudContext.js';
import { ConnectionStatus } from '../net/ConnectionStatus.js';
import { useConnectionState, useSessionState } from '../stores/react.js';
import type { FormRequest } from '../stores/sessionStore.js';

/**
 * Log in or create an account through the structured `login` / `create` frames. The inputs are
 * uncontrolled on purpose: the password is read once, put in the frame, and the field cleared, so
 * it is never copied into React state or a store.
 */
export function LoginForm() {
  const { connection, stores } = useMud();
  const connected = useConnectionState(stores.connection, (s) => s.status === ConnectionStatus.Connected);
  const formError = useSessionState(stores.session, (s) => s.formError);
  const nameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const submit = (request: FormRequest) => {
    const nameInput = nameRef.current;
    const passwordInput = passwordRef.current;
    if (nameInput === null || passwordInput === null) return;
    const name = nameInput.value.trim();
    const password = passwordInput.value;
    passwordInput.value = '';
    if (connection.send([request, [], { name, password }])) stores.session.getState().formSubmitted(request);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit('login');
  };

  return (
    <form className="login-form" onSubmit={onSubmit} aria-label="Log in">
      <input
        data-testid="login-name"
        name="name"
        className="field"
        placeholder="Account name"
        aria-label="Account name"
        autoComplete="username"
        autoCapitalize="off"
        spellCheck={false}
        maxLength={200}
        ref={nameRef}
      />
      <input
        data-testid="login-password"
        name="password"
        type="password"
        className="field"
        placeholder="Password"
        aria-label="Password"
        autoComplete="current-password"
        maxLength={1024}
        ref={passwordRef}
      />
      <button data-testid="login-submit" type="submit" className="button" disabled={!connected}>
        Log in
      </button>
      <button
        data-testid="create-submit"
        type="button"
        className="button button--secondary"
        disabled={!connected}
        onClick={() => submit('create')}
      >
        Create account
      </button>
      {formError !== null && (
        <p className="login-form__error" role="alert" data-testid="login-error" data-code={formError.code}>
          {formError.message}
        </p>
      )}
    </form>
  );
}
