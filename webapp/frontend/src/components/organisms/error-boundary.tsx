import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button } from '@/components/atoms/button';

interface Props {
  children: ReactNode;
  /** Changing it (e.g. the route path) resets the boundary. */
  resetKey?: string;
}

/** A lazy page's code could not be fetched (a new deployment removed the old chunk, or the network failed). */
export function isChunkLoadError(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | null;
  const text = `${e?.name ?? ''} ${e?.message ?? ''}`;
  return (
    e?.name === 'ChunkLoadError' ||
    /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed|Unable to preload CSS|Loading (CSS )?chunk [\w-]+ failed/i.test(
      text,
    )
  );
}

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Page crashed', error, info.componentStack);
  }

  componentDidUpdate(prev: Props) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  render() {
    if (this.state.error) {
      if (isChunkLoadError(this.state.error)) {
        return (
          <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-6 text-red-900">
            <h2 className="text-lg font-semibold">This page failed to load</h2>
            <p className="mt-1 text-sm">
              The app was probably updated, or the connection dropped while this page was downloading. Reloading fetches the current
              version.
            </p>
            <Button className="mt-4" onClick={() => window.location.reload()}>
              Reload page
            </Button>
          </div>
        );
      }
      return (
        <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-6 text-red-900">
          <h2 className="text-lg font-semibold">This page failed to load</h2>
          <p className="mt-1 text-sm">Something unexpected happened while showing this page.</p>
          <Button className="mt-4" variant="secondary" onClick={() => this.setState({ error: null })}>
            Try again
          </Button>
        </div>
      );
    }
    return this.props.children;
  }
}
