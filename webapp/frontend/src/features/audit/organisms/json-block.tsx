/**
 * Decoded JSON as text, wrapped rather than scrolled (a scrolling box would need a keyboard stop of its
 * own); the heading above it names it.
 */
export function JsonBlock({ value }: { value: unknown }) {
  return (
    <pre className="rounded-md bg-slate-900 p-3 text-xs leading-relaxed break-all whitespace-pre-wrap text-slate-100">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
