import type { FormEvent } from 'react';
import { useId, useRef } from 'react';
import { useMud } from '../app/MudContext.js';
import { ConnectionStatus } from '../net/ConnectionStatus.js';
import { Limits } from '../protocol.js';
import { useStoreState } from '../stores/react.js';
import type { FormRequest } from '../stores/sessionStore.js';

/**
 * Log in or create an account through the structured `login` / `create` frames (docs/protocol.md#the-websocket, docs/architecture.md#test-hooks);
 * typing `connect <name> <password>` in the command line works as well. The inputs are
 * uncontrolled on purpose: the password is read once, put in the frame, and the field cleared,
 * so it is never copied into React state or a store.
 */
export function LoginForm() {
  const { connection, stores } = useMud();
  const connected = useStoreState(stores.connection, (s) => s.status === ConnectionStatus.Connected);
  const formError = useStoreState(stores.session, (s) => s.formError);
  const pending = useStoreState(stores.session, (s) => s.pendingForm);
  const nameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const ids = useId();

  const submit = (request: FormRequest) => {
    const nameInput = nameRef.current;
    const passwordInput = passwordRef.current;
    if (nameInput === null || passwordInput === null) return;
    const name = nameInput.value.trim();
    const password = passwordInput.value;
    passwordInput.value = '';
    if (connection.send([request, [], { name, password }])) stores.session.getState().formSubmitted(request);
    passwordInput.focus();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit('login');
  };

  const busy = !connected || pending !== null;
  return (
    <section className="card login" aria-labelledby={`${ids}-title`}>
      <h2 className="card__title" id={`${ids}-title`}>
        Log in
      </h2>
      <form className="login__form" onSubmit={onSubmit}>
        <label className="field-label" htmlFor={`${ids}-name`}>
          Account name
        </label>
        <input
          id={`${ids}-name`}
          data-testid="login-name"
          name="name"
          className="field"
          autoComplete="username"
          autoCapitalize="off"
          spellCheck={false}
          maxLength={Limits.fields.accountName}
          ref={nameRef}
        />
        <label className="field-label" htmlFor={`${ids}-password`}>
          Password
        </label>
        <input
          id={`${ids}-password`}
          data-testid="login-password"
          name="password"
          type="password"
          className="field"
          autoComplete="current-password"
          maxLength={Limits.fields.password}
          aria-describedby={formError !== null ? `${ids}-error` : undefined}
          ref={passwordRef}
        />
        {formError !== null && (
          <p
            className="login__error"
            role="alert"
            id={`${ids}-error`}
            data-testid="login-error"
            data-code={formError.code}
          >
            {formError.message}
          </p>
        )}
        <div className="login__actions">
          <button data-testid="login-submit" type="submit" className="button" disabled={busy}>
            {pending === 'login' ? 'Logging in…' : 'Log in'}
          </button>
          <button
            data-testid="create-submit"
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => submit('create')}
          >
            {pending === 'create' ? 'Creating…' : 'Create account'}
          </button>
        </div>
      </form>
      <p className="card__hint">
        New here? Choose a name and a password (8 characters or more) and press <em>Create account</em>. You can also
        type <code>connect &lt;name&gt; &lt;password&gt;</code> below.
      </p>
    </section>
  );
}
