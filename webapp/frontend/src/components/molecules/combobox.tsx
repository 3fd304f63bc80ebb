import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { TextField } from './field';
import { cx } from '@/lib/cx';

export interface ComboboxProps<T> {
  label: string;
  text: string;
  onTextChange: (text: string) => void;
  /** The matches to offer; undefined while the list should stay closed (e.g. too few letters typed). */
  options: T[] | undefined;
  optionKey: (o: T) => string;
  renderOption: (o: T) => ReactNode;
  onSelect: (o: T) => void;
  loading?: boolean;
  placeholder?: string;
  listLabel: string;
  /** "product"/"user": used in the announced count. */
  noun: string;
  maxLength?: number;
  hint?: ReactNode;
}

/** The ARIA 1.2 combobox pattern: a text field with a listbox of matches (arrows, Enter, Escape, closes on blur). */
export function Combobox<T>({
  label,
  text,
  onTextChange,
  options,
  optionKey,
  renderOption,
  onSelect,
  loading = false,
  placeholder,
  listLabel,
  noun,
  maxLength,
  hint,
}: ComboboxProps<T>) {
  const base = useId();
  const listId = `${base}-list`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const list = options ?? [];
  const expanded = open && options !== undefined;

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a new list of matches has no active option yet (the old index would point at another match)
    setActive(-1);
  }, [options]);

  useEffect(() => {
    if (active < 0) return;
    document.getElementById(`${base}-opt-${active}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active, base]);

  function choose(o: T) {
    onSelect(o);
    setOpen(false);
    setActive(-1);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        setOpen(true);
        if (list.length) setActive((i) => (i + 1) % list.length);
        break;
      case 'ArrowUp':
        e.preventDefault();
        setOpen(true);
        if (list.length) setActive((i) => (i <= 0 ? list.length - 1 : i - 1));
        break;
      case 'Home':
        if (expanded && list.length) {
          e.preventDefault();
          setActive(0);
        }
        break;
      case 'End':
        if (expanded && list.length) {
          e.preventDefault();
          setActive(list.length - 1);
        }
        break;
      case 'Enter':
        if (expanded && active >= 0 && active < list.length) {
          e.preventDefault();
          choose(list[active]);
        }
        break;
      case 'Escape':
        if (expanded) {
          e.preventDefault();
          e.stopPropagation();
          setOpen(false);
          setActive(-1);
        } else if (text) {
          e.preventDefault();
          onTextChange('');
        }
        break;
      default:
        break;
    }
  }

  const announcement =
    options === undefined || !open
      ? ''
      : loading && list.length === 0
        ? 'Searching…'
        : list.length === 0
          ? `No matching ${noun}s`
          : `${list.length} matching ${noun}${list.length === 1 ? '' : 's'}. Use the arrow keys to choose.`;

  return (
    <div className="relative">
      <TextField
        ref={input}
        label={label}
        type="text"
        value={text}
        placeholder={placeholder}
        hint={hint}
        maxLength={maxLength}
        autoComplete="off"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${base}-opt-${active}` : undefined}
        onChange={(e) => {
          onTextChange(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={listLabel}
        hidden={!expanded}
        className="absolute z-20 mt-1 max-h-60 w-full overflow-auto rounded-md border border-slate-300 bg-white shadow-lg"
      >
        {expanded && loading && list.length === 0 && (
          <li role="presentation" className="px-3 py-2 text-sm text-slate-600">
            Searching…
          </li>
        )}
        {expanded && !loading && list.length === 0 && (
          <li role="presentation" className="px-3 py-2 text-sm text-slate-600">
            No matching {noun}s
          </li>
        )}
        {expanded &&
          list.map((o, i) => (
            // eslint-disable-next-line jsx-a11y/click-events-have-key-events -- the keyboard chooses through the field (arrows move aria-activedescendant, Enter picks), as the ARIA combobox pattern has it
            <li
              key={optionKey(o)}
              id={`${base}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              // Keep the focus in the field (no blur before the click).
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(o)}
              onMouseMove={() => setActive(i)}
              className={cx(
                'cursor-pointer px-3 py-2 text-left text-sm',
                i === active ? 'bg-blue-100 text-slate-900' : 'hover:bg-slate-100',
              )}
            >
              {renderOption(o)}
            </li>
          ))}
      </ul>
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
