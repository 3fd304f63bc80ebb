import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api } from '@/api/http';
import { qk } from '@/api/query-keys';
import type {
  AccessLogPage,
  AnomalyPage,
  AuditEventPage,
  AuditEventQuery,
  CheckpointPage,
  InclusionProof,
  InventoryAsOf,
  ItemAsOf,
  ItemTimeline,
  VerifyJob,
  VerifyRequest,
  VerifyResult,
} from '@/api/types';
import { filenameFrom, saveBlob, withBlobProblem } from '@/lib/download';
import { localMidnightIso } from '@/lib/date-range';

/** The aggregate kinds the server files events under (AuditedEvents.aggregateTypes()). */
export const AGGREGATE_TYPES = ['item', 'user', 'category', 'none'] as const;
export const OUTCOMES = ['accepted', 'rejected'] as const;

/** The explorer's filters as kept in the URL: from/to are local days (yyyy-mm-dd), like the other lists. */
export type AuditEventFilters = { [K in Exclude<keyof AuditEventQuery, 'limit' | 'after'>]?: string };

export const EVENT_FILTER_KEYS = [
  'aggregateType',
  'aggregateId',
  'type',
  'userId',
  'from',
  'to',
  'correlationId',
  'outcome',
  'order',
] as const;

/** The API's parameters for the filters: blanks left out, From/To as [local midnight of From, local midnight after To). */
export function toAuditEventParams(f: AuditEventFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of EVENT_FILTER_KEYS) {
    const v = f[key]?.trim();
    if (v) out[key] = v;
  }
  if (out.from) out.from = localMidnightIso(out.from) ?? out.from;
  if (out.to) out.to = localMidnightIso(out.to, 1) ?? out.to;
  // Several names may be typed with spaces after the commas.
  if (out.type)
    out.type = out.type
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean)
      .join(',');
  return out;
}

export const EVENT_PAGE_SIZE = 50;

export function useAuditEvents(filters: AuditEventFilters, after: string | undefined, enabled = true) {
  const params = { ...toAuditEventParams(filters), limit: String(EVENT_PAGE_SIZE), ...(after ? { after } : {}) };
  return useQuery({
    queryKey: qk.audit('events', params),
    queryFn: async () => (await api.get<AuditEventPage>('/api/audit/events', { params })).data,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** A file from the audit API through the API client (the token never goes in a URL), saved under the server's name. */
async function download(url: string, params: Record<string, string>, accept: string, fallback: string): Promise<void> {
  let response;
  try {
    response = await api.get<Blob>(url, {
      params,
      responseType: 'blob',
      headers: { Accept: `${accept}, application/problem+json` },
      // The caller shows the one message (with the server's detail).
      silent: true,
    });
  } catch (e) {
    throw await withBlobProblem(e);
  }
  saveBlob(response.data, filenameFrom(response.headers['content-disposition'], fallback));
}

/** The export of every event matching the filters (no paging): NDJSON or CSV, each row with its proof. */
export function exportAuditEvents(filters: AuditEventFilters, format: 'ndjson' | 'csv'): Promise<void> {
  const accept = format === 'csv' ? 'text/csv' : 'application/x-ndjson';
  return download('/api/audit/events', { ...toAuditEventParams(filters), format }, accept, `audit-events.${format}`);
}

export function downloadInventoryAsOfCsv(at: string, knownAt: string | undefined): Promise<void> {
  return download('/api/audit/inventory/as-of', { at, ...(knownAt ? { knownAt } : {}), format: 'csv' }, 'text/csv', 'inventory-as-of.csv');
}

/** The key that signs checkpoints now, as the offline verifier's --public-key reads it. */
export function downloadPublicKey(): Promise<void> {
  return download('/api/audit/public-key', {}, 'text/plain', 'stockade-audit.pub');
}

export function useCheckpoints(before: string | undefined, limit = 20) {
  const params = { limit: String(limit), ...(before ? { before } : {}) };
  return useQuery({
    queryKey: qk.audit('checkpoints', params),
    queryFn: async () => (await api.get<CheckpointPage>('/api/audit/checkpoints', { params })).data,
    placeholderData: keepPreviousData,
  });
}

/** The event's inclusion proof against the latest signed checkpoint (none yet: null). */
export function useInclusionProof(position: number | undefined) {
  return useQuery({
    queryKey: qk.audit('proof', position),
    enabled: position !== undefined,
    queryFn: async () => {
      const latest = (await api.get<CheckpointPage>('/api/audit/checkpoints', { params: { limit: '1' } })).data.checkpoints[0];
      if (!latest) return { checkpoint: null, proof: null };
      if (latest.treeSize < 1) return { checkpoint: latest, proof: null };
      const proof = (
        await api.get<InclusionProof>(`/api/audit/events/${position}/proof`, {
          params: { treeSize: String(latest.treeSize) },
          silent: true,
        })
      ).data;
      return { checkpoint: latest, proof };
    },
    retry: false,
  });
}

/** Every line of an item's life (keyset pages of 500, read to the end; at most 20 pages). */
export function useItemTimeline(itemId: string) {
  return useQuery({
    queryKey: qk.audit('timeline', itemId),
    queryFn: async () => {
      let after: string | undefined;
      const lines: ItemTimeline['lines'] = [];
      for (let i = 0; i < 20; i++) {
        const page = (
          await api.get<ItemTimeline>(`/api/audit/items/${itemId}/timeline`, { params: { limit: '500', ...(after ? { after } : {}) } })
        ).data;
        lines.push(...page.lines);
        after = page.next ?? undefined;
        if (!after) return { itemId, lines, complete: true };
      }
      return { itemId, lines, complete: false };
    },
  });
}

export function useItemAsOf(itemId: string, at: string | undefined, knownAt: string | undefined) {
  const params = { ...(at ? { at } : {}), ...(knownAt ? { knownAt } : {}) };
  return useQuery({
    queryKey: qk.audit('item-as-of', { itemId, ...params }),
    queryFn: async () => (await api.get<ItemAsOf>(`/api/audit/items/${itemId}/as-of`, { params })).data,
    placeholderData: keepPreviousData,
    enabled: !!at,
  });
}

export function useInventoryAsOf(at: string | undefined, knownAt: string | undefined, page: number, limit = 50) {
  const params = { ...(at ? { at } : {}), ...(knownAt ? { knownAt } : {}), page: String(page), limit: String(limit) };
  return useQuery({
    queryKey: qk.audit('inventory-as-of', params),
    queryFn: async () => (await api.get<InventoryAsOf>('/api/audit/inventory/as-of', { params })).data,
    placeholderData: keepPreviousData,
    enabled: !!at,
  });
}

export function useAnomalies(knownAt: string | undefined, page: number, limit = 50) {
  const params = { ...(knownAt ? { knownAt } : {}), page: String(page), limit: String(limit) };
  return useQuery({
    queryKey: qk.audit('anomalies', params),
    queryFn: async () => (await api.get<AnomalyPage>('/api/audit/anomalies', { params })).data,
    placeholderData: keepPreviousData,
  });
}

export function useAccessLog(after: string | undefined, limit = 50) {
  const params = { order: 'desc', limit: String(limit), ...(after ? { after } : {}) };
  return useQuery({
    queryKey: qk.audit('access-log', params),
    queryFn: async () => (await api.get<AccessLogPage>('/api/audit/access-log', { params })).data,
    placeholderData: keepPreviousData,
  });
}

/** A verification answered at once (200) or started as a job to poll (202). */
export type Verification = { result: VerifyResult; job?: undefined } | { job: VerifyJob; result?: undefined };

export function useStartVerify() {
  return useMutation({
    mutationFn: async (body: VerifyRequest): Promise<Verification> => {
      const r = await api.post<VerifyResult | VerifyJob>('/api/audit/verify', body);
      return r.status === 202 ? { job: r.data as VerifyJob } : { result: r.data as VerifyResult };
    },
  });
}

export const VERIFY_POLL_MS = 1000;

/** A verification job, polled every second while it runs. */
export function useVerifyJob(id: string | undefined) {
  return useQuery({
    queryKey: qk.audit('verify-job', id),
    queryFn: async () => (await api.get<VerifyJob>(`/api/audit/verify/${id}`)).data,
    enabled: !!id,
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'running' ? false : VERIFY_POLL_MS),
  });
}
