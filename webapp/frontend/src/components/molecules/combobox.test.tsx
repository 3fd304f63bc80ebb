import { describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Combobox } from './combobox';

const fruits = ['Apple', 'Banana', 'Cherry'];

function Harness({ onSelect }: { onSelect: (s: string) => void }) {
  const [text, setText] = useState('');
  return (
    <Combobox<string>
      label="Fruit"
      text={text}
      onTextChange={setText}
      options={text ? fruits.filter((f) => f.toLowerCase().includes(text.toLowerCase())) : undefined}
      optionKey={(f) => f}
      renderOption={(f) => f}
      onSelect={onSelect}
      listLabel="Matching fruits"
      noun="fruit"
    />
  );
}

describe('Combobox', () => {
  it('follows the ARIA combobox pattern with arrows, Enter and Escape', async () => {
    const onSelect = vi.fn();
    const user = userEvent.setup();
    render(<Harness onSelect={onSelect} />);
    const input = screen.getByRole('combobox', { name: 'Fruit' });
    expect(input).toHaveAttribute('aria-expanded', 'false');
    await user.type(input, 'a');
    expect(input).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getAllByRole('option')).toHaveLength(2);
    expect(screen.getByRole('status')).toHaveTextContent('2 matching fruits');
    await user.keyboard('{ArrowDown}{ArrowDown}');
    const active = input.getAttribute('aria-activedescendant');
    expect(active && document.getElementById(active)).toHaveTextContent('Banana');
    await user.keyboard('{Escape}');
    expect(input).toHaveAttribute('aria-expanded', 'false');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(onSelect).toHaveBeenCalledWith('Apple');
  });

  it('closes on blur', async () => {
    const user = userEvent.setup();
    render(
      <>
        <Harness onSelect={() => {}} />
        <button type="button">elsewhere</button>
      </>,
    );
    await user.type(screen.getByRole('combobox'), 'b');
    expect(screen.getByRole('combobox')).toHaveAttribute('aria-expanded', 'true');
    await user.tab();
    expect(screen.getByRole('combobox')).toHaveAttribute('aria-expanded', 'false');
  });
});
