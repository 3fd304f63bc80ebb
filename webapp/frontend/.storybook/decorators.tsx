import { useState, type ReactNode } from 'react';
import { QueryClientProvider, type QueryKey } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router-dom';
import type { Decorator, StoryContext } from '@storybook/react-vite';
import type { AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { api } from '@/api/http';
import { makeQueryClient } from '@/lib/query-client';
import { Toaster } from '@/components/organisms/toaster';
import { useUi } from '@/stores/ui';
import { scriptedAdapter, type Reply } from '@/test/fake-http';

/** One faked endpoint: method + URL (exact or RegExp) answered from a script or a function. */
export interface FakeRoute {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string | RegExp;
  /** A script of replies (the last one repeats, as in src/test/fakeHttp) or a function of the request. */
  reply: Reply[] | ((config: InternalAxiosRequestConfig) => Reply);
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
 * Points the app's axios instance at a fake adapter for the story (the pattern of
 * src/test/fake-http.ts): nothing leaves the browser. Unmocked requests fail as network errors.
 */
export function installFakeApi(ctx: StoryContext): () => void {
  const spec = paramsOf(ctx).api ?? [];
  const routes = typeof spec === 'function' ? spec() : spec;
  const scripted = routes.map((r) => (Array.isArray(r.reply) ? scriptedAdapter(r.reply).adapter : null));
  const original = api.defaults.adapter;

  api.defaults.adapter = async (config: InternalAxiosRequestConfig): Promise<AxiosResponse> => {
    const method = (config.method ?? 'get').toUpperCase();
    const url = config.url ?? '';
    const index = routes.findIndex((r) => (r.method ?? 'GET') === method && (typeof r.url === 'string' ? r.url === url : r.url.test(url)));
    if (index < 0) {
      console.warn(`[storybook] unmocked request ${method} ${url}: answered with a network error`);
      return scriptedAdapter(['network-error']).adapter(config);
    }
    const route = routes[index];
    if (route.delayMs) await new Promise((resolve) => setTimeout(resolve, route.delayMs));
    const adapter = scripted[index] ?? scriptedAdapter([(route.reply as (c: InternalAxiosRequestConfig) => Reply)(config)]).adapter;
    return adapter(config);
  };
  useUi.setState({ toasts: [] });

  return () => {
    api.defaults.adapter = original;
    useUi.setState({ toasts: [] });
  };
}
