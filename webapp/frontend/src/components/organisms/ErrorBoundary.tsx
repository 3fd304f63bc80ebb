import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button } from '../atoms/Button';

interface Props {
  children: ReactNode;
  /** Changing it (e.g. the route path) resets the boundary. */
  resetKey?: string;
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
