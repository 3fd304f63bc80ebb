import { useEffect, useRef, useState } from 'react';
import { Button, type ButtonProps } from '@/components/atoms/button';
import { copyText } from '@/lib/clipboard';
import { toast } from '@/stores/ui';

export interface CopyButtonProps extends Omit<ButtonProps, 'onClick' | 'children'> {
  /** The text put on the clipboard. */
  text: string;
  /** The button's label, e.g. "Copy secret". */
  label: string;
  /** Said (politely) once copied; also shown in the button for a moment. */
  copiedLabel?: string;
}

/** Copies `text` to the clipboard, confirming in the button and to screen readers. */
export function CopyButton({ text, label, copiedLabel = 'Copied', variant = 'secondary', size = 'sm', ...rest }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  async function copy() {
    if (await copyText(text)) {
      setCopied(true);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setCopied(false), 2000);
    } else {
      toast('The text could not be copied: select it and copy it by hand.', 'error');
    }
  }

  return (
    <>
      <Button variant={variant} size={size} onClick={() => void copy()} {...rest}>
        <span aria-hidden="true">{copied ? '✓' : '⧉'}</span>
        {copied ? copiedLabel : label}
      </Button>
      <span className="sr-only" role="status" aria-live="polite">
        {copied ? copiedLabel : ''}
      </span>
    </>
  );
}
