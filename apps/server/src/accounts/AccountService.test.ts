import { ErrorCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import type { AccountRepository } from './AccountRepository.js';
import { type AccountResult, AccountService } from './AccountService.js';
import { MemoryAccountRepository } from './MemoryAccountRepository.js';
import { MemoryThrottleStore } from './MemoryThrottleStore.js';
import type { ThrottleStore } from './ThrottleStore.js';

const LIMITS = {
  loginThrottleLimit: 5,
  loginThrottleTimeout: 300,
  creationThrottleLimit: 2,
  creationThrottleTimeout: 600,
};

/** A repository whose `method` always throws. */
function breaking(method: 'findByName' | 'createAccountAtomically', message: string): AccountRepository {
  const repository = new MemoryAccountRepository();
  return new Proxy(repository, {
    get(target, prop) {
      if (prop === method)
        return async () => {
          throw new Error(message);
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function service(repository: AccountRepository = new MemoryAccountRepository()): AccountService {
  return new AccountService(repository, LIMITS, silentLogger());
}

const outcome = (r: AccountResult) => (r.ok ? 'ok' : r.code);
const codes = (results: AccountResult[]) => results.map(outcome);
const count = (xs: unknown[], x: unknown) => xs.filter((y) => y === x).length;

describe('AccountService throttles', () => {
  it('parallel wrong guesses from one address get at most the login limit of verifications', async () => {
    const accounts = service();
    expect((await accounts.create('Target', 'target-secret-1', '10.0.0.1')).ok).toBe(true);
    const results = codes(
      await Promise.all(
        Array.from({ length: 12 }, (_, i) => accounts.authenticate('Target', `guess-${i}-password`, '10.0.0.2')),
      ),
    );
    expect(count(results, ErrorCode.LoginFailed)).toBe(5);
    expect(count(results, ErrorCode.Throttled)).toBe(7);
    // Even the right password is refused now; another address is not affected.
    expect((await accounts.authenticate('Target', 'target-secret-1', '10.0.0.2')).ok).toBe(false);
    expect((await accounts.authenticate('Target', 'target-secret-1', '10.0.0.3')).ok).toBe(true);
  });

  it('parallel guesses at unknown names are counted the same way', async () => {
    const accounts = service();
    const results = codes(
      await Promise.all(Array.from({ length: 8 }, (_, i) => accounts.authenticate(`Nobody${i}`, 'wrong-pass-1', 'x'))),
    );
    expect(count(results, ErrorCode.LoginFailed)).toBe(5);
    expect(count(results, ErrorCode.Throttled)).toBe(3);
  });

  it('a successful login is un-counted: it does not use up the address’s failures', async () => {
    const accounts = service();
    await accounts.create('Owner', 'owner-secret-1', 'c');
    for (let i = 0; i < 4; i++) expect((await accounts.authenticate('Owner', `wrong-${i}-pass`, 'a')).ok).toBe(false);
    // Good logins after four failures all succeed, one after another.
    for (let i = 0; i < 3; i++) expect((await accounts.authenticate('Owner', 'owner-secret-1', 'a')).ok).toBe(true);
    // The fifth failure is still allowed (and verified), then the address is blocked.
    expect(outcome(await accounts.authenticate('Owner', 'wrong-5-pass', 'a'))).toBe(ErrorCode.LoginFailed);
    expect(outcome(await accounts.authenticate('Owner', 'owner-secret-1', 'a'))).toBe(ErrorCode.Throttled);
  });

  it('a good login in flight holds a place: with four failures, a parallel wrong guess is throttled', async () => {
    const accounts = service();
    await accounts.create('Owner', 'owner-secret-1', 'c');
    for (let i = 0; i < 4; i++) await accounts.authenticate('Owner', `wrong-${i}-pass`, 'a');
    const [good, guess] = await Promise.all([
      accounts.authenticate('Owner', 'owner-secret-1', 'a'),
      accounts.authenticate('Owner', 'wrong-x-pass', 'a'),
    ]);
    expect(good.ok).toBe(true);
    expect(outcome(guess)).toBe(ErrorCode.Throttled);
    // Once the good login is done its place is free again.
    expect(outcome(await accounts.authenticate('Owner', 'wrong-y-pass', 'a'))).toBe(ErrorCode.LoginFailed);
  });

  it('a login that fails with an error is un-counted and the error surfaces', async () => {
    const accounts = new AccountService(
      breaking('findByName', 'database gone'),
      { ...LIMITS, loginThrottleLimit: 1 },
      silentLogger(),
    );
    for (let i = 0; i < 3; i++)
      await expect(accounts.authenticate('Owner', 'x-password-1', 'a')).rejects.toThrow(/gone/);
  });

  it('parallel creations from one address create at most the creation limit of accounts', async () => {
    const accounts = service();
    const results = codes(
      await Promise.all(Array.from({ length: 6 }, (_, i) => accounts.create(`Sybil${i}`, `sybil-secret-${i}`, 'a'))),
    );
    expect(count(results, 'ok')).toBe(2);
    expect(count(results, ErrorCode.Throttled)).toBe(4);
    expect(await accounts.repository.count()).toBe(2);
    expect((await accounts.create('Other', 'other-secret-1', 'b')).ok).toBe(true);
  });

  it('creations that fail (invalid name or password, name taken) are un-counted', async () => {
    const accounts = service();
    await accounts.create('Taken', 'taken-secret-1', 'elsewhere');
    const failures = [];
    for (const [name, password] of [
      ['no', 'short-name-1'],
      ['Weakling', 'password'],
      ['taken', 'other-secret-1'],
      ['Bad\x1bname', 'fine-secret-1'],
    ] as const) {
      failures.push(await accounts.create(name, password, 'a'));
    }
    expect(codes(failures)).toEqual([
      ErrorCode.InvalidName,
      ErrorCode.InvalidPassword,
      ErrorCode.NameTaken,
      ErrorCode.InvalidName,
    ]);
    // None counted: the full limit of two is left, then the address is throttled.
    expect((await accounts.create('First', 'first-secret-1', 'a')).ok).toBe(true);
    expect((await accounts.create('Second', 'second-secret-1', 'a')).ok).toBe(true);
    expect(outcome(await accounts.create('Third', 'third-secret-1', 'a'))).toBe(ErrorCode.Throttled);
  });

  it('two creations racing for one name: the loser is un-counted', async () => {
    const accounts = service();
    const race = codes(
      await Promise.all([accounts.create('Same', 'same-secret-1', 'a'), accounts.create('SAME', 'same-secret-2', 'a')]),
    );
    expect([...race].sort()).toEqual([ErrorCode.NameTaken, 'ok'].sort());
    expect((await accounts.create('Second', 'second-secret-1', 'a')).ok).toBe(true);
    expect(outcome(await accounts.create('Third', 'third-secret-1', 'a'))).toBe(ErrorCode.Throttled);
  });

  it('attempts in flight count: a creation that fails frees its place only when it is answered', async () => {
    const accounts = service();
    await accounts.create('Taken', 'taken-secret-1', 'elsewhere');
    const results = codes(
      await Promise.all([
        accounts.create('taken', 'other-secret-1', 'a'),
        accounts.create('Fresh', 'fresh-secret-1', 'a'),
        accounts.create('Extra', 'extra-secret-1', 'a'),
      ]),
    );
    expect(results).toEqual([ErrorCode.NameTaken, 'ok', ErrorCode.Throttled]);
    expect((await accounts.create('Extra', 'extra-secret-1', 'a')).ok).toBe(true);
  });

  it('a creation that throws is un-counted', async () => {
    const accounts = new AccountService(
      breaking('createAccountAtomically', 'disk full'),
      { ...LIMITS, creationThrottleLimit: 1 },
      silentLogger(),
    );
    for (let i = 0; i < 3; i++) await expect(accounts.create(`Name${i}`, 'fine-secret-1', 'a')).rejects.toThrow(/disk/);
  });

  it('wrong old passwords in a password change are throttled per account, parallel ones too', async () => {
    const accounts = service();
    const owner = await accounts.create('Owner', 'owner-secret-1', 'c');
    const other = await accounts.create('Other', 'other-secret-1', 'd');
    if (!owner.ok || !other.ok) throw new Error('setup');
    const change = (old: string, account = owner.value) =>
      accounts.changePassword(account.id, account.name, old, 'brand-new-secret-1');
    const results = codes(await Promise.all(Array.from({ length: 8 }, (_, i) => change(`wrong-${i}-pass`))));
    expect(count(results, ErrorCode.LoginFailed)).toBe(5);
    expect(count(results, ErrorCode.Throttled)).toBe(3);
    // Now even the right old password is refused for this account, and the password is unchanged.
    expect(outcome(await change('owner-secret-1'))).toBe(ErrorCode.Throttled);
    expect((await accounts.authenticate('Owner', 'owner-secret-1', 'e')).ok).toBe(true);
    // Another account is not affected.
    expect((await change('other-secret-1', other.value)).ok).toBe(true);
  });

  it('a password change with the right old password is un-counted, even if the new one is refused', async () => {
    const accounts = service();
    const owner = await accounts.create('Owner', 'owner-secret-1', 'c');
    if (!owner.ok) throw new Error('setup');
    const { id, name } = owner.value;
    for (let i = 0; i < 4; i++) await accounts.changePassword(id, name, `wrong-${i}-pass`, 'brand-new-secret-1');
    expect(outcome(await accounts.changePassword(id, name, 'owner-secret-1', 'password'))).toBe(
      ErrorCode.InvalidPassword,
    );
    expect((await accounts.changePassword(id, name, 'owner-secret-1', 'second-secret-1')).ok).toBe(true);
    expect((await accounts.changePassword(id, name, 'second-secret-1', 'third-secret-1')).ok).toBe(true);
    // The fifth wrong one still counts; then the account is throttled.
    expect(outcome(await accounts.changePassword(id, name, 'wrong-5-pass', 'x-secret-1'))).toBe(ErrorCode.LoginFailed);
    expect(outcome(await accounts.changePassword(id, name, 'third-secret-1', 'x-secret-1'))).toBe(ErrorCode.Throttled);
  });
});

describe('AccountService throttles across a restart (issue 14, item 8)', () => {
  /** Two services on one repository and one throttle store: a game server and its successor. */
  function restartable(throttles: ThrottleStore = new MemoryThrottleStore()) {
    const repository = new MemoryAccountRepository();
    return () => new AccountService(repository, LIMITS, silentLogger(), { throttles });
  }

  it('an address throttled before the restart is refused after it, even with the right password', async () => {
    const boot = restartable();
    const before = boot();
    await before.create('Owner', 'owner-secret-1', 'c');
    for (let i = 0; i < 5; i++) await before.authenticate('Owner', `wrong-${i}-pass`, 'a');
    const after = boot();
    await after.restoreThrottles();
    expect(outcome(await after.authenticate('Owner', 'owner-secret-1', 'a'))).toBe(ErrorCode.Throttled);
    expect((await after.authenticate('Owner', 'owner-secret-1', 'b')).ok).toBe(true);
  });

  it('good logins before the restart do not count after it', async () => {
    const boot = restartable();
    const before = boot();
    await before.create('Owner', 'owner-secret-1', 'c');
    for (let i = 0; i < 4; i++) await before.authenticate('Owner', `wrong-${i}-pass`, 'a');
    for (let i = 0; i < 3; i++) await before.authenticate('Owner', 'owner-secret-1', 'a');
    await before.flushThrottles();
    const after = boot();
    await after.restoreThrottles();
    expect(outcome(await after.authenticate('Owner', 'wrong-5-pass', 'a'))).toBe(ErrorCode.LoginFailed);
    expect(outcome(await after.authenticate('Owner', 'owner-secret-1', 'a'))).toBe(ErrorCode.Throttled);
  });

  it('the creation and password-change throttles are restored too, each in its own bucket', async () => {
    const boot = restartable();
    const before = boot();
    const owner = await before.create('Owner', 'owner-secret-1', 'c');
    await before.create('Second', 'second-secret-1', 'c');
    if (!owner.ok) throw new Error('setup');
    const { id, name } = owner.value;
    for (let i = 0; i < 5; i++) await before.changePassword(id, name, `wrong-${i}-pass`, 'brand-new-secret-1');
    const after = boot();
    await after.restoreThrottles();
    expect(outcome(await after.create('Third', 'third-secret-1', 'c'))).toBe(ErrorCode.Throttled);
    expect(outcome(await after.changePassword(id, name, 'owner-secret-1', 'brand-new-secret-1'))).toBe(
      ErrorCode.Throttled,
    );
    // Neither spilled into the login throttle of the address or the account.
    expect((await after.authenticate('Owner', 'owner-secret-1', 'c')).ok).toBe(true);
  });

  it('answers a counted failure only once its count is saved', async () => {
    const store = new MemoryThrottleStore();
    let letAddFinish: (() => void) | undefined;
    const slow: ThrottleStore = {
      load: (bucket, since) => store.load(bucket, since),
      add: async (bucket, key, at) => {
        await new Promise<void>((resolve) => {
          letAddFinish = resolve;
        });
        await store.add(bucket, key, at);
      },
      remove: (bucket, key, at) => store.remove(bucket, key, at),
      prune: (bucket, before) => store.prune(bucket, before),
    };
    const accounts = new AccountService(new MemoryAccountRepository(), LIMITS, silentLogger(), { throttles: slow });
    let answered = false;
    const attempt = accounts.authenticate('Nobody', 'wrong-pass-1', 'a').then((r) => {
      answered = true;
      return r;
    });
    await expect.poll(() => letAddFinish !== undefined).toBe(true);
    // The verify is done long before this; the answer still waits for the save.
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toBe(false);
    letAddFinish?.();
    expect(outcome(await attempt)).toBe(ErrorCode.LoginFailed);
    expect(await store.load('login', 0)).toHaveLength(1);
  });
});
