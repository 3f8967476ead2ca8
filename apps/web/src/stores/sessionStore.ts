import type { OutboundFrame, SessionState } from '@mud/protocol';
import { createStore, type StoreApi } from 'zustand/vanilla';

export interface ErrorInfo {
  message: string;
  /** A stable code from `ErrorCode`; the UI may branch on it, never on the message. */
  code: string;
  /** The input the error answers, when the portal says. */
  input?: string;
}

/** The two requests the login form can make. */
export type FormRequest = 'login' | 'create';

export interface SessionStoreState {
  /** The latest OOB `session` frame; null until the portal sends one, and after a close. */
  session: SessionState | null;
  loggedIn: boolean;
  lastError: ErrorInfo | null;
  /** The login-form request awaiting an answer, if any. */
  pendingForm: FormRequest | null;
  /** The error that answered the login form, shown beside it. */
  formError: ErrorInfo | null;
  /** Epoch ms of this tab's last typed line (the panel's idle time; the menu's lags behind). */
  lastInputAt: number | null;
  /**
   * The game asked for a secret (a `prompt` frame with `echo: false`, docs/sessions.md#the-secret-prompt):
   * the next line is typed in a password field. Ends when a line is sent or another prompt comes.
   */
  secretInput: boolean;
  applyFrame(frame: OutboundFrame): void;
  formSubmitted(request: FormRequest): void;
  inputSent(now?: number): void;
  /** The socket closed before the form's request was answered: let the player try again. */
  formAbandoned(): void;
  /** Puts back the state of a resumed session (a refreshed page starts with nothing). */
  restore(session: SessionState): void;
  /** The session is over (docs/architecture.md#closing-a-connection): forget everything we knew of it. */
  reset(): void;
}

export type SessionStore = StoreApi<SessionStoreState>;

const initial = {
  session: null,
  loggedIn: false,
  lastError: null,
  pendingForm: null,
  formError: null,
  lastInputAt: null,
  secretInput: false,
} satisfies Partial<SessionStoreState>;

function isFormInput(input: string | undefined): boolean {
  return input === 'login' || input === 'create';
}

export function createSessionStore(): SessionStore {
  return createStore<SessionStoreState>()((set, get) => ({
    ...initial,
    applyFrame: (frame) => {
      switch (frame[0]) {
        case 'session': {
          const session = frame[2];
          set(
            session.loggedIn
              ? { session, loggedIn: true, pendingForm: null, formError: null, secretInput: false }
              : { session, loggedIn: false },
          );
          return;
        }
        case 'logged_in':
          // Logged in by the form while a password was asked for: the next line is a command.
          set({ loggedIn: true, pendingForm: null, formError: null, secretInput: false });
          return;
        case 'error': {
          const [, [message], { code, input }] = frame;
          const error: ErrorInfo = input === undefined ? { message, code } : { message, code, input };
          // The portal may not name the input; an error while a form request is pending answers it.
          const answersForm = isFormInput(input) || get().pendingForm !== null;
          set(answersForm ? { lastError: error, formError: error, pendingForm: null } : { lastError: error });
          return;
        }
        case 'prompt': {
          const secretInput = frame[2].echo === false;
          if (get().secretInput !== secretInput) set({ secretInput });
          return;
        }
        case 'text':
          return;
      }
    },
    formSubmitted: (request) => set({ pendingForm: request, formError: null }),
    inputSent: (now = Date.now()) => set({ lastInputAt: now, secretInput: false }),
    formAbandoned: () => set({ pendingForm: null }),
    restore: (session) => set({ session, loggedIn: session.loggedIn }),
    reset: () => set(initial),
  }));
}
