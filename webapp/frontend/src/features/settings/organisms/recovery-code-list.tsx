import { useId, useState } from 'react';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { CopyButton } from '@/components/molecules/copy-button';
import { saveBlob } from '@/lib/download';
import { recoveryCodesText } from '@/features/settings/api';

export const RECOVERY_CODES_FILE = 'stockade-recovery-codes.txt';

export interface RecoveryCodeListProps {
  /** The codes, shown this once. */
  codes: string[];
  /** Named in the downloaded file. */
  username?: string | null;
  /** "Done": only once the user ticked that the codes are saved. */
  onDone: () => void;
  /** Done is being processed (e.g. the session refreshed). */
  busy?: boolean;
}

/** The recovery codes right after setting up two-step sign-in: copy, download, confirm saved, done. */
export function RecoveryCodeList({ codes, username, onDone, busy = false }: RecoveryCodeListProps) {
  const [saved, setSaved] = useState(false);
  const headingId = useId();
  const checkId = useId();

  function download() {
    saveBlob(new Blob([recoveryCodesText(codes, username)], { type: 'text/plain;charset=utf-8' }), RECOVERY_CODES_FILE);
  }

  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <h2 id={headingId} className="text-base font-semibold text-slate-900">
        Your recovery codes
      </h2>
      <Alert tone="warning">
        Save these codes now: they are shown only this once. Each code signs you in one time if you cannot use your authenticator app (a
        lost or new phone).
      </Alert>
      <ol
        aria-labelledby={headingId}
        className="grid grid-cols-1 gap-2 rounded-md border border-slate-300 bg-slate-50 p-4 sm:grid-cols-2"
        data-testid="recovery-codes"
      >
        {codes.map((c, i) => (
          <li key={`${i}-${c}`} className="flex items-baseline gap-2 font-mono text-sm text-slate-900">
            <span aria-hidden="true" className="w-6 text-right text-xs text-slate-500">
              {i + 1}.
            </span>
            <span className="select-all tracking-wide">{c}</span>
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-3">
        <CopyButton text={codes.join('\n')} label="Copy codes" copiedLabel="Codes copied" />
        <Button variant="secondary" size="sm" onClick={download}>
          <span aria-hidden="true">⤓</span>
          Download as .txt
        </Button>
      </div>
      <div className="flex items-start gap-2">
        <input
          id={checkId}
          type="checkbox"
          className="mt-0.5 h-4 w-4 focus-ring"
          checked={saved}
          onChange={(e) => setSaved(e.target.checked)}
        />
        <label htmlFor={checkId} className="text-sm text-slate-800">
          I have saved these codes
        </label>
      </div>
      <Button onClick={onDone} disabled={!saved} busy={busy}>
        Done
      </Button>
    </section>
  );
}
