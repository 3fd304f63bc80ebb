import { Button } from '@/components/atoms/button';

/** A filter's chosen value in place of its search field, with a button that clears it. */
export function PickedFilter({ label, name, testId, onClear }: { label: string; name: string; testId: string; onClear: () => void }) {
  return (
    <div className="space-y-1">
      <p className="text-sm font-medium text-slate-800">{label}</p>
      <div className="flex items-center gap-2 rounded-md border border-slate-400 bg-slate-50 px-3 py-1.5 text-sm">
        <span className="flex-1 truncate" data-testid={testId}>
          {name}
        </span>
        <Button variant="ghost" size="sm" onClick={onClear} aria-label={`Clear ${label.toLowerCase()} filter ${name}`}>
          Clear
        </Button>
      </div>
    </div>
  );
}
