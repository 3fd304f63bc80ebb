/**
 * Lets non-React code (the API client) navigate through the router. The router registers its
 * navigate function on start; before that, plain location changes are used.
 */
type Navigate = (to: string, options?: { replace?: boolean }) => void;

let navigateFn: Navigate | null = null;

export function setNavigator(fn: Navigate | null): void {
  navigateFn = fn;
}

export function navigateTo(to: string, options?: { replace?: boolean }): void {
  if (navigateFn) navigateFn(to, options);
  else window.location.assign(to);
}

export function currentPath(): string {
  return window.location.pathname + window.location.search;
}
