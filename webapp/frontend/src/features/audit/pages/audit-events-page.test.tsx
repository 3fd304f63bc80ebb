import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import type { AuditEvent } from '@/api/types';
import { makeQueryClient } from '@/lib/query-client';
import { useSession } from '@/stores/session';
import { routedFetch, type Reply } from '@/test/fake-http';
import { saveBlob } from '@/lib/download';
import AuditEventsPage from './audit-events-page';

vi.mock('@/lib/download', async (importOriginal) => ({ ...(await importOriginal<typeof import('@/lib/download')>()), saveBlob: vi.fn() }));
const ITEM = '0b5d6a4e-2f1c-4c8e-9a57-3e1f0c2d4b6a';

// A real three-leaf RFC 9162 tree, so the page's own proof check has something true to find.
const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leaves = [0, 1, 2].map((i) => sha(Buffer.from([0]), Buffer.from(`event ${i}`)));
const left = sha(Buffer.from([1]), leaves[0], leaves[1]);
const root = sha(Buffer.from([1]), left, leaves[2]);

function event(position: number, extra: Partial<AuditEvent> = {}): AuditEvent {
  return {
    position,
    aggregateType: 'item',
    aggregateId: ITEM,
    sequence: position - 1,
    type: position === 1 ? 'ItemCreated' : 'StockAdjusted',
    outcome: 'accepted',
    recordedAt: `2026-12-0${position}T08:00:00.123456Z`,
    effectiveAt: null,
    payload: { name: 'Hex bolt', quantityChange: -2 },
    metadata: { userId: 'u1', username: 'ann', role: 'Admin', reason: position === 3 ? 'counted' : null, correlationId: 'c-1' },
    leafHash: leaves[position - 1].toString('base64'),
    ...extra,
  };
}

function Probe() {
  const { search } = useLocation();
  return <output data-testid="search">{search}</output>;
}

function renderPage(events: (params: Record<string, string>) => Reply, entry = '/audit') {
  const http = routedFetch([
    { url: '/api/audit/events', reply: (c) => events((c.params ?? {}) as Record<string, string>) },
    {
      url: '/api/users/lookup',
      reply: [{ status: 200, data: { users: [{ id: '1e0c7a1d-6a1b-4d0e-8f8e-5f2f1b3a9c11', username: 'bob' }] } }],
    },
    {
      url: '/api/audit/checkpoints',
      reply: [
        {
          status: 200,
          data: {
            checkpoints: [{ treeSize: 3, rootHash: root.toString('hex'), signedAt: '2026-12-04T00:00:00Z', note: 'stockade/org\n3\n...' }],
            next: null,
          },
        },
      ],
    },
    {
      url: '/api/audit/events/3/proof',
      reply: [
        {
          status: 200,
          data: {
            position: 3,
            leafIndex: 2,
            treeSize: 3,
            leafHash: leaves[2].toString('hex'),
            proof: [left.toString('hex')],
            rootHash: root.toString('hex'),
            checkpoint: null,
          },
        },
      ],
    },
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
      <MemoryRouter initialEntries={[entry]}>
        <AuditEventsPage />
        <Probe />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return http;
}

const page = (events: AuditEvent[], next: string | null = null): Reply => ({ status: 200, data: { events, next } });

describe('AuditEventsPage', () => {
  afterEach(() => {
    act(() => useSession.getState().signOut());
  });

  it('sends every filter as the API names it, From/To as local days', { timeout: 15_000 }, async () => {
    const http = renderPage(() => page([event(1)]));
    const user = userEvent.setup();
    await screen.findByRole('table', { name: 'Audit events' });
    expect(http.to('GET', '/api/audit/events')[0].params).toEqual({ limit: '50' });

    await user.selectOptions(screen.getByLabelText('Kind'), 'item');
    await user.click(screen.getByLabelText('Aggregate id'));
    await user.paste(ITEM);
    await user.click(screen.getByLabelText('Event names'));
    await user.paste('StockAdjusted, ItemCreated');
    await user.click(screen.getByLabelText('Correlation id'));
    await user.paste('req-42');
    await user.selectOptions(screen.getByLabelText('Outcome'), 'rejected');
    await user.selectOptions(screen.getByLabelText('Order'), 'desc');
    await user.type(screen.getByLabelText('Recorded from'), '2026-12-01');
    await user.type(screen.getByLabelText('Recorded to'), '2026-12-06');
    await user.click(screen.getByRole('combobox', { name: 'User' }));
    await user.click(await screen.findByRole('option', { name: 'bob' }));
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));

    await waitFor(() =>
      expect(http.to('GET', '/api/audit/events').at(-1)?.params).toEqual({
        aggregateType: 'item',
        aggregateId: ITEM,
        type: 'StockAdjusted,ItemCreated',
        userId: '1e0c7a1d-6a1b-4d0e-8f8e-5f2f1b3a9c11',
        from: new Date(2026, 11, 1).toISOString(),
        to: new Date(2026, 11, 7).toISOString(),
        correlationId: 'req-42',
        outcome: 'rejected',
        order: 'desc',
        limit: '50',
      }),
    );
    expect(screen.getByTestId('search').textContent).toContain('outcome=rejected');
  });

  it('pages by the next cursor and comes back with the cursors it kept', async () => {
    const http = renderPage((p) =>
      p.after === 'c2' ? page([event(3)], null) : p.after === 'c1' ? page([event(2)], 'c2') : page([event(1)], 'c1'),
    );
    const user = userEvent.setup();
    await screen.findByRole('button', { name: 'Event 1: details and proof' });
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByRole('button', { name: 'Event 2: details and proof' });
    expect(http.to('GET', '/api/audit/events').at(-1)?.params).toMatchObject({ after: 'c1' });
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByRole('button', { name: 'Event 3: details and proof' });
    expect(http.to('GET', '/api/audit/events').at(-1)?.params).toMatchObject({ after: 'c2' });
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
    expect(screen.getByText(/Page 3 · 1 shown · last page/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    await screen.findByRole('button', { name: 'Event 2: details and proof' });
    // A changed filter starts again at the first page, without a cursor.
    await user.selectOptions(screen.getByLabelText('Outcome'), 'accepted');
    await waitFor(() => expect(http.to('GET', '/api/audit/events').at(-1)?.params).toEqual({ outcome: 'accepted', limit: '50' }));
    expect(screen.getByText(/Page 1 ·/)).toBeInTheDocument();
  });

  it('opens an event with its payload, metadata, leaf hash and a proof checked against the latest checkpoint', async () => {
    const http = renderPage(() => page([event(3)]));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Event 3: details and proof' }));
    const dialog = await screen.findByRole('dialog', { name: 'Event 3: StockAdjusted' });
    expect(within(dialog).getByText(/"quantityChange": -2/)).toBeInTheDocument();
    expect(within(dialog).getByText('counted')).toBeInTheDocument();
    expect(within(dialog).getByTestId('leaf-hash')).toHaveTextContent(leaves[2].toString('base64'));
    expect(await within(dialog).findByText('Proof checked in this browser: the event is in the log of 3 events')).toBeInTheDocument();
    expect(http.to('GET', '/api/audit/checkpoints')[0].params).toEqual({ limit: '1' });
    expect(http.to('GET', '/api/audit/events/3/proof')[0].params).toEqual({ treeSize: '3' });
  });

  it('says so when the proof does not lead to the root', async () => {
    renderPage(() => page([event(3, { leafHash: leaves[0].toString('base64') })]));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Event 3: details and proof' }));
    expect(await screen.findByText('The proof does not lead to the checkpoint’s root'.replace('’', "'"))).toBeInTheDocument();
  });

  it('exports NDJSON with the current filters and no paging', async () => {
    const http = renderPage(() => page([event(1)], 'c1'), '/audit?aggregateType=item&outcome=accepted');
    vi.mocked(saveBlob).mockClear();
    const user = userEvent.setup();
    await screen.findByRole('table', { name: 'Audit events' });
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await user.click(screen.getByRole('button', { name: 'Export NDJSON' }));
    await waitFor(() => expect(saveBlob).toHaveBeenCalledTimes(1));
    expect(vi.mocked(saveBlob).mock.calls[0][1]).toBe('audit-events.ndjson');
    const exported = http.to('GET', '/api/audit/events').find((c) => (c.params as Record<string, string>).format);
    expect(exported?.params).toEqual({ aggregateType: 'item', outcome: 'accepted', format: 'ndjson' });
    // Saved as the file the server sent, unparsed.
    const saved = vi.mocked(saveBlob).mock.calls[0][0];
    expect(JSON.parse(await saved.text())).toEqual({ events: [event(1)], next: 'c1' });
  });
});
