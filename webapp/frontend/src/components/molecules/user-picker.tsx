import { useState } from 'react';
import { useDebounced } from '@/lib/use-debounced';
import { Combobox } from '@/components/molecules/combobox';
import { PickedFilter } from '@/components/molecules/picked-filter';
import type { UserLookupList } from '@/api/types';
import { useUserLookup, USER_SEARCH_MAX } from '@/api/users';

export interface PickedUser {
  id: string;
  name: string;
}

type UserLookup = NonNullable<UserLookupList['users']>[number];

/** Search a user by name as you type (the server answers at most 20 matches) and pick one. */
export function UserPicker({ value, onChange }: { value: PickedUser | null; onChange: (u: PickedUser | null) => void }) {
  const [text, setText] = useState('');
  const debounced = useDebounced(text.trim().slice(0, USER_SEARCH_MAX), 300);
  // Empty text lists the first users; typing narrows the list on the server.
  const matches = useUserLookup(debounced, !value);

  if (value) {
    return <PickedFilter label="User" name={value.name} testId="user-filter-value" onClear={() => onChange(null)} />;
  }
  return (
    <Combobox<UserLookup>
      label="User"
      text={text}
      onTextChange={setText}
      placeholder="Type a username"
      maxLength={USER_SEARCH_MAX}
      options={matches.data ?? (matches.isFetching ? [] : undefined)}
      loading={matches.isFetching}
      optionKey={(u) => u.id!}
      renderOption={(u) => u.username}
      onSelect={(u) => {
        onChange({ id: u.id!, name: u.username ?? '' });
        setText('');
      }}
      listLabel="Matching users"
      noun="user"
    />
  );
}
