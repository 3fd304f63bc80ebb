import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import type { VerifyJob, VerifyResult } from '@/api/types';
import { makeQueryClient } from '@/lib/query-client';
import { useSession } from '@/stores/session';
import { routedFetch, type Reply } from '@/test/fake-http';
import VerifyPage from './verify-page';
const JOB = '7d0f3c52-1b7e-4a9c-8f60-2e5d9b1c4a30';

const tampered: VerifyResult = {
  verified: false,
  eventsChecked: 1200,
  checkpointsChecked: 3,
  treeSize: 1200,
  rootHash: 'ab'.repeat(32),
  problems: [
    { position: 517, aggregateId: 'item-1', sequence: 4, kind: 'edited', detail: 'the stored bytes no longer hash to the sealed leaf' },
  ],
  problemCount: 1,
};

/** A job as the server sends it: result is absent until the job is done. */
function job(status: VerifyJob['status'], checked: number, result?: VerifyResult): VerifyJob {
  return {
    id: JOB,
    status,
    checked,
    total: 1200,
    percent: Math.floor((checked * 100) / 1200),
    requestedAt: '2026-12-07T08:00:00Z',
    ...(result ? { result } : {}),
  };
}

function renderPage(start: Reply, polls: Reply[] = []) {
  const http = routedFetch([
    { method: 'POST', url: '/api/audit/verify', reply: [start] },
    { url: `/api/audit/verify/${JOB}`, reply: polls },
  ]);
  vi.stubGlobal('fetch', http.fetch);
  useSession.getState().signIn({
    token: 't',
    expiresAt: 'x',
    mustChangePassword: false,
    user: { id: 'u9', username: 'audrey', email: 'a@x', role: 'Auditor' },
  });
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <MemoryRouter initialEntries={['/audit/verify']}>
        <VerifyPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return http;
}

describe('VerifyPage', () => {
  afterEach(() => {
    act(() => useSession.getState().signOut());
  });

  it('shows a result answered at once', async () => {
    const http = renderPage({ status: 200, data: { ...tampered, verified: true, problems: [], problemCount: 0 } });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Verify' }));
    const result = await screen.findByTestId('verify-result');
    expect(within(result).getByText(/Verified: every event/)).toBeInTheDocument();
    expect(within(result).getByTestId('events-checked')).toHaveTextContent((1200).toLocaleString());
    expect(JSON.parse(http.to('POST', '/api/audit/verify')[0].data as string)).toEqual({});
  });

  it('polls a job with its progress until it is done, then lists the problems', { timeout: 15_000 }, async () => {
    const http = renderPage({ status: 202, data: job('running', 0) }, [
      { status: 200, data: job('running', 480) },
      { status: 200, data: job('running', 960) },
      { status: 200, data: job('done', 1200, tampered) },
    ]);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('From position'), '1');
    await user.type(screen.getByLabelText('To position'), '1200');
    await user.click(screen.getByRole('checkbox', { name: 'Run in the background' }));
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(JSON.parse(http.to('POST', '/api/audit/verify')[0].data as string)).toEqual({ from: 1, to: 1200, background: true });
    await screen.findByText(/Checked 480 of/, {}, { timeout: 3000 });
    expect(screen.getByRole('progressbar', { name: 'Progress' })).toHaveAttribute('value', '40');
    const result = await screen.findByTestId('verify-result', {}, { timeout: 5000 });
    expect(within(result).getByText('1 problem found')).toBeInTheDocument();
    const row = within(within(result).getByRole('table', { name: 'Problems' })).getAllByRole('row')[1];
    expect(row).toHaveTextContent('517');
    expect(row).toHaveTextContent('edited');
    expect(screen.getByText(/Done: 1,200 events checked|Done: 1200 events checked/)).toBeInTheDocument();
    // Polling stops once the job is done.
    const polls = http.to('GET', `/api/audit/verify/${JOB}`).length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(http.to('GET', `/api/audit/verify/${JOB}`)).toHaveLength(polls);
  });

  it('shows a refused range at its field', async () => {
    renderPage({
      status: 400,
      data: { status: 400, title: 'Invalid request', detail: 'Invalid', errors: [{ field: 'to', message: 'to must not be below from' }] },
    });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('From position'), '9');
    await user.type(screen.getByLabelText('To position'), '3');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('to must not be below from')).toBeInTheDocument();
  });
});
