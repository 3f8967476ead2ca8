import type { FormEvent } from 'react';
import { useId, useState } from 'react';
import { useMud } from '../app/MudContext.js';
import { Limits } from '../protocol.js';
import { type CharacterAction, type CharacterRow, canCreateCharacter, characterRows } from '../stores/charMenuStore.js';
import { useStoreState } from '../stores/react.js';
import './CharacterMenu.css';

const ACTION_LABEL: Record<CharacterAction, string> = {
  play: 'Play',
  take: 'Take over',
  share: 'Join',
  playing: 'Playing',
};

const ACTION_HINT: Record<CharacterAction, string> = {
  play: '',
  take: 'moves it to this tab',
  share: 'shares it with the other tab',
  playing: '',
};

interface CharacterMenuProps {
  /** Called after an action, to hand focus back to the command line. */
  onDone(): void;
}

/**
 * The character-select menu (docs/sessions.md#multisession-modes, docs/architecture.md#the-web-client), drawn from the OOB `charmenu` state: every character,
 * which of the account's sessions play it, and buttons that type the account commands a player
 * would (`ic`, `charcreate`, `chardelete` + its confirmation). It follows the state live: when
 * another tab takes or shares a character, the next `charmenu` frame redraws it. A click
 * anywhere on a character's card is its main button's click (CharacterMenu.css).
 */
export function CharacterMenu({ onDone }: CharacterMenuProps) {
  const { stores, sendLine } = useMud();
  const menu = useStoreState(stores.charMenu, (s) => s.menu);
  const sessid = useStoreState(stores.session, (s) => s.session?.sessid ?? null);
  const mode = useStoreState(stores.session, (s) => s.session?.mode ?? 0);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const ids = useId();
  const rows = characterRows(menu, sessid, mode);

  const run = (line: string) => {
    sendLine(line);
    onDone();
  };
  const remove = (name: string) => {
    setConfirming(null);
    // chardelete asks "Continue yes/[no]?" and takes the session's next line as the answer;
    // the player has just confirmed here, and a session's input runs in order (README).
    if (sendLine(`chardelete ${name}`)) sendLine('yes');
    onDone();
  };

  return (
    <section className="card charmenu" data-testid="charmenu" aria-labelledby={`${ids}-title`}>
      <header className="card__header">
        <h2 className="card__title" id={`${ids}-title`}>
          Characters
        </h2>
        {menu !== null && (
          <span className="card__meta">
            {menu.characters.length} of {menu.maxCharacters}
          </span>
        )}
      </header>
      {menu === null ? (
        <p className="card__hint">Loading your characters…</p>
      ) : rows.length === 0 ? (
        <p className="card__hint">You have no characters yet. Create one to start playing.</p>
      ) : (
        <ul className="charmenu__list">
          {rows.map((row) => (
            <CharacterItem
              key={row.id}
              row={row}
              confirming={confirming === row.name}
              onPlay={() => run(`ic ${row.name}`)}
              onAskDelete={() => setConfirming(row.name)}
              onCancelDelete={() => setConfirming(null)}
              onDelete={() => remove(row.name)}
            />
          ))}
        </ul>
      )}
      {menu !== null &&
        (creating ? (
          <CreateCharacterForm
            onCreate={(line) => {
              setCreating(false);
              run(line);
            }}
            onCancel={() => setCreating(false)}
          />
        ) : (
          <button
            type="button"
            className="button button--secondary charmenu__create"
            data-testid="charmenu-create"
            disabled={!canCreateCharacter(menu)}
            onClick={() => setCreating(true)}
          >
            {canCreateCharacter(menu) ? 'New character' : 'Character limit reached'}
          </button>
        ))}
    </section>
  );
}

interface CharacterItemProps {
  row: CharacterRow;
  confirming: boolean;
  onPlay(): void;
  onAskDelete(): void;
  onCancelDelete(): void;
  onDelete(): void;
}

function CharacterItem({ row, confirming, onPlay, onAskDelete, onCancelDelete, onDelete }: CharacterItemProps) {
  const playedBy = [...(row.mine ? ['this tab'] : []), ...row.others.map((sessid) => `session #${sessid}`)];
  return (
    <li
      className={`charmenu__item${row.mine ? ' charmenu__item--mine' : ''}`}
      data-testid="charmenu-item"
      data-name={row.name}
      data-action={row.action}
      data-played-by={row.puppetedBy.join(' ')}
    >
      <div className="charmenu__info">
        <span className="charmenu__name">{row.name}</span>
        {row.description !== '' && <span className="charmenu__desc">{row.description}</span>}
        <span className="charmenu__who">
          {playedBy.length === 0 ? 'not played' : `played by ${playedBy.join(', ')}`}
        </span>
      </div>
      {confirming ? (
        <div className="charmenu__confirm">
          <span>Delete {row.name} for good?</span>
          <button
            type="button"
            className="button button--danger button--small"
            onClick={onDelete}
            aria-label={`Delete ${row.name} for good`}
            data-testid="charmenu-delete-confirm"
          >
            Delete
          </button>
          <button type="button" className="button button--ghost button--small" onClick={onCancelDelete}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="charmenu__actions">
          <button
            type="button"
            className="button button--small charmenu__play"
            data-testid="charmenu-play"
            disabled={row.action === 'playing'}
            onClick={onPlay}
            title={ACTION_HINT[row.action] || undefined}
            aria-label={`${ACTION_LABEL[row.action]} ${row.name}`}
          >
            {ACTION_LABEL[row.action]}
          </button>
          <button
            type="button"
            className="button button--ghost button--small charmenu__delete"
            data-testid="charmenu-delete"
            disabled={row.puppetedBy.length > 0}
            title={row.puppetedBy.length > 0 ? 'Go OOC with it first' : undefined}
            onClick={onAskDelete}
            aria-label={`Delete ${row.name}`}
          >
            Delete
          </button>
        </div>
      )}
    </li>
  );
}

function CreateCharacterForm({ onCreate, onCancel }: { onCreate(line: string): void; onCancel(): void }) {
  const ids = useId();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') return;
    const desc = description.trim();
    onCreate(desc === '' ? `charcreate ${trimmed}` : `charcreate ${trimmed} = ${desc}`);
  };
  return (
    <form className="charmenu__form" onSubmit={submit} data-testid="charmenu-create-form">
      <label className="field-label" htmlFor={`${ids}-name`}>
        Name
      </label>
      <input
        id={`${ids}-name`}
        className="field"
        data-testid="charmenu-create-name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        maxLength={Limits.fields.characterName}
        autoComplete="off"
        // biome-ignore lint/a11y/noAutofocus: the form was just opened to type this
        autoFocus
      />
      <label className="field-label" htmlFor={`${ids}-desc`}>
        Description <span className="field-label__optional">(optional)</span>
      </label>
      <input
        id={`${ids}-desc`}
        className="field"
        data-testid="charmenu-create-description"
        value={description}
        onChange={(event) => setDescription(event.target.value)}
        maxLength={Limits.fields.characterDescription}
        autoComplete="off"
      />
      <div className="charmenu__form-actions">
        <button type="submit" className="button button--small" data-testid="charmenu-create-submit">
          Create
        </button>
        <button type="button" className="button button--ghost button--small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
