/**
 * Account creation and authentication with docs/architecture.md#account-names-and-passwords rules and docs/settings.md#limits throttles. Both the
 * typed commands (`connect`, `create`) and the structured `login` / `create` frames use it.
 */
import { ErrorCode, type Result } from '@mud/protocol';
import type { Settings } from '../config.js';
import { logIncident } from '../incidents.js';
import type { Logger } from '../logger.js';
import { type Account, type AccountRepository, NameTakenError } from './AccountRepository.js';
import { PasswordHasher } from './passwords.js';
import { Throttle } from './Throttle.js';
import type { ThrottleStore } from './ThrottleStore.js';
import { validateAccountName, validatePassword } from './validators.js';

export type AccountResult = Result<Account>;

/**
 * Runs `attempt` counted against `throttle` for `key`. The check and the count are one
 * synchronous step taken before anything is awaited, so attempts arriving at the same moment
 * cannot all pass a check made before any of them was counted. The count stays only when
 * `attempt` says the throttle is about it (`counts`); while `key` is blocked, `refusal` answers.
 */
async function throttled(
  throttle: Throttle,
  key: string,
  refusal: string,
  attempt: () => Promise<{ result: AccountResult; counts: boolean }>,
): Promise<AccountResult> {
  const reservation = throttle.reserve(key);
  if (!reservation) return { ok: false, code: ErrorCode.Throttled, reason: refusal };
  let counts = false;
  try {
    const outcome = await attempt();
    counts = outcome.counts;
    // A counted attempt is answered only once its count is saved, so a game server killed
    // right after the answer cannot forget it (issue 14, item 8).
    if (counts) await reservation.saved;
    return outcome.result;
  } finally {
    if (!counts) reservation.release();
  }
}

export interface AccountServiceOptions {
  passwords?: PasswordHasher;
  /**
   * Where the throttles keep their counts so they survive a restart of the game server (the
   * database in production); without it they live in memory only.
   */
  throttles?: ThrottleStore;
}

export class AccountService {
  private readonly loginThrottle: Throttle;
  private readonly creationThrottle: Throttle;
  /** Wrong old passwords in `password <old> = <new>`, per account, with the login throttle's limits. */
  private readonly passwordChangeThrottle: Throttle;
  private readonly passwords: PasswordHasher;

  constructor(
    readonly repository: AccountRepository,
    settings: Pick<
      Settings,
      'loginThrottleLimit' | 'loginThrottleTimeout' | 'creationThrottleLimit' | 'creationThrottleTimeout'
    >,
    private readonly logger: Logger,
    options: AccountServiceOptions = {},
  ) {
    this.passwords = options.passwords ?? new PasswordHasher();
    const throttle = (limit: number, timeoutSeconds: number, bucket: string) =>
      new Throttle(
        limit,
        timeoutSeconds * 1000,
        Date.now,
        options.throttles && {
          store: options.throttles,
          bucket,
          onError: (err) => logIncident(this.logger, 'throttle-store-failed', { err, bucket }),
        },
      );
    this.loginThrottle = throttle(settings.loginThrottleLimit, settings.loginThrottleTimeout, 'login');
    this.creationThrottle = throttle(settings.creationThrottleLimit, settings.creationThrottleTimeout, 'creation');
    this.passwordChangeThrottle = throttle(
      settings.loginThrottleLimit,
      settings.loginThrottleTimeout,
      'password-change',
    );
  }

  private get throttles(): Throttle[] {
    return [this.loginThrottle, this.creationThrottle, this.passwordChangeThrottle];
  }

  /**
   * Counts the attempts the throttles' store kept from before this game server started (a crash,
   * a reload). Call once, when this server takes over and before it handles any input. Never
   * rejects: a store that cannot be read is logged and the throttles start from memory.
   */
  async restoreThrottles(): Promise<void> {
    await Promise.all(this.throttles.map((t) => t.restore()));
  }

  /** Settles once every throttle count issued so far is saved: before handing over or closing the database. */
  async flushThrottles(): Promise<void> {
    await Promise.all(this.throttles.map((t) => t.flush()));
  }

  /**
   * Creates an account. The creation throttle is checked and the attempt counted in one
   * synchronous step before anything is awaited, so creations arriving at the same moment from
   * one address cannot all pass the check; an attempt that does not create an account (invalid
   * name or password, name taken, an error) is un-counted.
   */
  async create(name: string, password: string, address: string): Promise<AccountResult> {
    return throttled(
      this.creationThrottle,
      address,
      'Too many accounts created from your address. Try again later.',
      async () => {
        const result = await this.createUnthrottled(name, password, address);
        return { result, counts: result.ok };
      },
    );
  }

  private async createUnthrottled(name: string, password: string, address: string): Promise<AccountResult> {
    const validName = validateAccountName(name);
    if (!validName.ok) return validName;
    const validPassword = validatePassword(password, validName.value);
    if (!validPassword.ok) return validPassword;
    if (await this.repository.findByName(validName.value)) {
      return {
        ok: false,
        code: ErrorCode.NameTaken,
        reason: `The name "${validName.value}" is already taken.`,
      };
    }
    const passwordHash = await this.passwords.hash(password);
    try {
      const account = await this.repository.createAccountAtomically({
        name: validName.value,
        passwordHash,
        superuserIfFirst: true,
      });
      this.logger.info({ accountId: account.id, superuser: account.isSuperuser, address }, 'account created');
      return { ok: true, value: account };
    } catch (err) {
      if (err instanceof NameTakenError) {
        return {
          ok: false,
          code: ErrorCode.NameTaken,
          reason: `The name "${validName.value}" is already taken.`,
        };
      }
      throw err;
    }
  }

  /**
   * Checks a name and password. Unknown names cost the same time as wrong passwords, and both get
   * the same answer, so neither timing nor wording tells which names exist. While an address is
   * throttled even a correct password is refused (docs/settings.md#limits).
   *
   * The attempt is counted against the login throttle before the verify is awaited, and
   * un-counted unless it turns out a wrong guess: attempts sent at the same moment from many connections of one
   * address get at most the throttle's limit of verifications between them.
   */
  async authenticate(name: string, password: string, address: string): Promise<AccountResult> {
    return throttled(this.loginThrottle, address, 'Too many failed login attempts. Try again later.', async () => {
      const found = await this.repository.findByName(name.trim());
      const valid = found
        ? await this.passwords.verify(found.passwordHash, password)
        : await this.passwords.verifyAgainstNothing(password);
      if (!found || !valid) {
        this.logger.info({ address }, 'failed login');
        return {
          result: { ok: false, code: ErrorCode.LoginFailed, reason: 'Incorrect login information given.' },
          counts: true,
        };
      }
      const now = Date.now();
      await this.repository.touchLogin(found.account.id, now);
      return { result: { ok: true, value: { ...found.account, lastLoginAt: now } }, counts: false };
    });
  }

  /**
   * Operators may claim the superuser account before anyone else can (docs/architecture.md#the-superuser): on an empty
   * database, MUD_SUPERUSER_NAME / MUD_SUPERUSER_PASSWORD create it at boot.
   */
  async ensureSuperuser(name: string | undefined, password: string | undefined): Promise<void> {
    if (!name || !password) return;
    if ((await this.repository.count()) > 0) return;
    const validName = validateAccountName(name);
    const validPassword = validName.ok ? validatePassword(password, validName.value) : validName;
    if (!validName.ok || !validPassword.ok) {
      const reason = validName.ok ? (validPassword as { reason: string }).reason : validName.reason;
      logIncident(this.logger, 'superuser-settings-refused', { reason });
      return;
    }
    const account = await this.repository.create({
      name: validName.value,
      passwordHash: await this.passwords.hash(password),
      isSuperuser: true,
    });
    this.logger.info({ accountId: account.id }, 'superuser account created from settings');
  }

  /**
   * `password <old> = <new>`. Someone at an unattended logged-in session could otherwise guess the
   * old password at the command rate, so wrong old passwords are throttled per account like
   * failed logins per address (MUD_LOGIN_THROTTLE_LIMIT / _TIMEOUT): each attempt is counted
   * before the verify is awaited and un-counted unless the old password was wrong; while the
   * account is throttled even the right old password is refused.
   */
  async changePassword(
    accountId: number,
    name: string,
    oldPassword: string,
    newPassword: string,
  ): Promise<AccountResult> {
    return throttled(
      this.passwordChangeThrottle,
      String(accountId),
      'Too many wrong passwords. Try again later.',
      async () => {
        const found = await this.repository.findByName(name);
        if (
          !found ||
          found.account.id !== accountId ||
          !(await this.passwords.verify(found.passwordHash, oldPassword))
        ) {
          this.logger.info({ accountId }, 'wrong old password in a password change');
          return {
            result: { ok: false, code: ErrorCode.LoginFailed, reason: 'The old password is not correct.' },
            counts: true,
          };
        }
        const valid = validatePassword(newPassword, found.account.name);
        if (!valid.ok) {
          return { result: valid, counts: false };
        }
        await this.repository.setPasswordHash(accountId, await this.passwords.hash(newPassword));
        return { result: { ok: true, value: found.account }, counts: false };
      },
    );
  }
}
