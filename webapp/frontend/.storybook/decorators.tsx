import { useState, type ReactNode } from 'react';
import { QueryClientProvider, type QueryKey } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router-dom';
import type { Decorator, StoryContext } from '@storybook/react-vite';
import { makeQueryClient } from '@/lib/query-client';
import { Toaster } from '@/components/organisms/toaster';
import { useUi } from '@/stores/ui';
import { routedFetch, type RecordedRequest, type Reply } from '@/test/fake-http';

/** One faked endpoint: method + URL (exact or RegExp) answered from a script or a function. */
export interface FakeRoute {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string | RegExp;
  /** A script of replies (the last one repeats, as in src/test/fakeHttp) or a function of the request. */
  reply: Reply[] | ((request: RecordedRequest) => Reply);
  /** Simulated latency, to show busy states. */
  delayMs?: number;
}

/** Story parameters read by the global decorator and beforeEach in preview.ts. */
export interface AppStoryParameters {
  /** Query cache entries to seed before the story renders. */
  queryData?: Array<[QueryKey, unknown]>;
  /** The fake backend; a function is called on every story load (fresh state each time). */
  api?: FakeRoute[] | (() => FakeRoute[]);
  /** Render the app's Toaster next to the story (its live regions would otherwise clutter every story). */
  toaster?: boolean;
  /** MemoryRouter entries (default ['/']). */
  router?: { initialEntries?: string[] };
}

const paramsOf = (ctx: StoryContext): AppStoryParameters => ctx.parameters as AppStoryParameters;

function StoryProviders({ params, children }: { params: AppStoryParameters; children: ReactNode }) {
  // The app's own QueryClient defaults (no retries, 15 s staleTime), seeded per story.
  const [client] = useState(() => {
    const c = makeQueryClient();
    for (const [key, data] of params.queryData ?? []) c.setQueryData(key, data);
    return c;
  });
  return (
    <MemoryRouter initialEntries={params.router?.initialEntries ?? ['/']}>
      <QueryClientProvider client={client}>
        {children}
        {params.toaster && <Toaster />}
      </QueryClientProvider>
    </MemoryRouter>
  );
}

/** A fresh QueryClient (the app's defaults, seeded), a MemoryRouter and, on request, the Toaster. */
export const withProviders: Decorator = (Story, ctx) => (
  <StoryProviders key={ctx.id} params={paramsOf(ctx)}>
    <Story />
  </StoryProviders>
);

/**
 * Answers the app's /api requests from the story's fake routes (the pattern of
 * src/test/fake-http.ts): nothing leaves the browser. Unmocked API requests fail as network errors;
 * anything else (Storybook's own requests) goes to the real fetch.
 */
export function installFakeApi(ctx: StoryContext): () => void {
  const spec = paramsOf(ctx).api ?? [];
  const routes = typeof spec === 'function' ? spec() : spec;
  const original = window.fetch;
  const fake = routedFetch(
    routes.map((route) => ({
      method: route.method,
      url: route.url,
      reply: async (request: RecordedRequest): Promise<Reply> => {
        if (route.delayMs) await new Promise((resolve) => setTimeout(resolve, route.delayMs));
        if (!Array.isArray(route.reply)) return route.reply(request);
        const seen = fake.to(request.method.toUpperCase(), route.url).length;
        return route.reply[Math.min(seen - 1, route.reply.length - 1)];
      },
    })),
  );

  window.fetch = (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, window.location.href);
    if (url.origin !== window.location.origin || !url.pathname.startsWith('/api/')) return original(input, init);
    const method = (init?.method ?? 'GET').toUpperCase();
    if (
      !routes.some((r) => (r.method ?? 'GET') === method && (typeof r.url === 'string' ? r.url === url.pathname : r.url.test(url.pathname)))
    ) {
      console.warn(`[storybook] unmocked request ${method} ${url.pathname}: answered with a network error`);
      return Promise.reject(new TypeError('Failed to fetch'));
    }
    return fake.fetch(input, init);
  };
  useUi.setState({ toasts: [] });

  return () => {
    window.fetch = original;
    useUi.setState({ toasts: [] });
  };
}
