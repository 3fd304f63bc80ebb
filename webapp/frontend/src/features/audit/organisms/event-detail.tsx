import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { AuditEvent, InclusionProof } from '@/api/types';
import { describeError, statusOf } from '@/api/problem';
import { Alert } from '@/components/atoms/alert';
import { Badge } from '@/components/atoms/badge';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { CopyButton } from '@/components/molecules/copy-button';
import { formatDateTime } from '@/lib/format';
import { useInclusionProof } from '@/features/audit/api';
import { base64ToHex, verifyInclusion } from '@/features/audit/merkle';
import { JsonBlock } from './json-block';

const METADATA_LABELS: [keyof AuditEvent['metadata'], string][] = [
  ['username', 'User'],
  ['userId', 'User id'],
  ['role', 'Role'],
  ['reason', 'Reason'],
  ['clientIp', 'Client IP'],
  ['userAgent', 'User agent'],
  ['requestId', 'Request id'],
  ['correlationId', 'Correlation id'],
];

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-slate-700">{term}</dt>
      <dd className="break-all text-slate-900">{children}</dd>
    </>
  );
}

type Check = 'valid' | 'invalid' | 'unavailable';

/** Recomputes the root from the leaf and the proof here, in the browser (a computation, cached like a query). */
function useProofCheck(proof: InclusionProof | null | undefined, leafHashB64: string | null | undefined): Check | undefined {
  const check = useQuery({
    queryKey: ['audit', 'proof-check', proof, leafHashB64],
    enabled: !!proof,
    staleTime: Infinity,
    queryFn: async (): Promise<Check> => {
      if (!proof) return 'invalid';
      const sameLeaf = !leafHashB64 || base64ToHex(leafHashB64) === proof.leafHash.toLowerCase();
      const ok = await verifyInclusion(proof.leafIndex, proof.treeSize, proof.leafHash, proof.proof, proof.rootHash);
      return ok === null ? 'unavailable' : ok && sameLeaf ? 'valid' : 'invalid';
    },
  });
  return check.data;
}

function ProofSection({ event }: { event: AuditEvent }) {
  const sealed = !!event.leafHash;
  const proof = useInclusionProof(sealed ? event.position : undefined);
  const check = useProofCheck(proof.data?.proof, event.leafHash);
  if (!sealed) return <Alert tone="info">This event is not sealed yet: the sealer adds it to the log within seconds.</Alert>;
  if (proof.isPending) return <LoadingBlock lines={3} label="Loading the inclusion proof…" />;
  if (proof.isError) {
    const status = statusOf(proof.error);
    return status === 400 || status === 404 ? (
      <Alert tone="info">
        No signed checkpoint covers this event yet: one is signed every minute (or every 10,000 events). Try again shortly.
      </Alert>
    ) : (
      <Alert>{describeError(proof.error, 'The inclusion proof could not be loaded.')}</Alert>
    );
  }
  const { checkpoint, proof: p } = proof.data;
  if (!checkpoint || !p) return <Alert tone="info">No checkpoint has been signed yet.</Alert>;
  return (
    <div className="space-y-3">
      <p role="status" aria-live="polite" data-testid="proof-check" className="text-sm">
        {check === 'valid' ? (
          <Badge tone="green">Proof checked in this browser: the event is in the log of {p.treeSize} events</Badge>
        ) : check === 'invalid' ? (
          <Badge tone="red">The proof does not lead to the checkpoint&apos;s root</Badge>
        ) : check === 'unavailable' ? (
          'This browser cannot compute SHA-256 here (Web Crypto needs https): check the proof offline.'
        ) : (
          'Checking the proof…'
        )}
      </p>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <Row term="Tree size">{p.treeSize}</Row>
        <Row term="Leaf index">{p.leafIndex}</Row>
        <Row term="Root hash">
          <code>{p.rootHash}</code>
        </Row>
        <Row term="Signed at">{formatDateTime(checkpoint.signedAt)}</Row>
      </dl>
      <div>
        <h4 className="text-sm font-medium text-slate-800">Audit path ({p.proof.length} hashes, from the leaf up)</h4>
        <ol className="mt-1 list-decimal space-y-0.5 pl-6 font-mono text-xs break-all">
          {p.proof.map((h, i) => (
            <li key={i}>{h}</li>
          ))}
        </ol>
      </div>
      {(p.checkpoint ?? checkpoint.note) && (
        <div>
          <h4 className="text-sm font-medium text-slate-800">Signed checkpoint</h4>
          <pre className="mt-1 rounded-md bg-slate-100 p-2 text-xs break-all whitespace-pre-wrap">{p.checkpoint ?? checkpoint.note}</pre>
        </div>
      )}
    </div>
  );
}

/** One stored event: what it says, who did it, its leaf in the signed log and the proof it is there. */
export function EventDetail({ event }: { event: AuditEvent }) {
  const md = event.metadata;
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <Row term="Position">{event.position}</Row>
        <Row term="Type">{event.type}</Row>
        <Row term="Outcome">
          <Badge tone={event.outcome === 'rejected' ? 'red' : 'green'}>{event.outcome}</Badge>
        </Row>
        <Row term="Aggregate">
          {event.aggregateType}{' '}
          {event.aggregateType === 'item' ? <Link to={`/audit/items/${event.aggregateId}`}>{event.aggregateId}</Link> : event.aggregateId}
        </Row>
        <Row term="Sequence">{event.sequence}</Row>
        <Row term="Recorded">
          <time dateTime={event.recordedAt}>{formatDateTime(event.recordedAt)}</time>
        </Row>
        {event.effectiveAt && (
          <Row term="Effective">
            <time dateTime={event.effectiveAt}>{formatDateTime(event.effectiveAt)}</time>
          </Row>
        )}
      </dl>
      <section aria-labelledby="event-metadata">
        <h3 id="event-metadata" className="text-sm font-semibold text-slate-900">
          Metadata
        </h3>
        <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          {METADATA_LABELS.filter(([k]) => md[k]).map(([k, label]) => (
            <Row key={k} term={label}>
              {md[k]}
            </Row>
          ))}
        </dl>
      </section>
      <section aria-labelledby="event-payload" className="space-y-1">
        <h3 id="event-payload" className="text-sm font-semibold text-slate-900">
          Payload
        </h3>
        <JsonBlock value={event.payload} />
      </section>
      <section aria-labelledby="event-leaf" className="space-y-2">
        <h3 id="event-leaf" className="text-sm font-semibold text-slate-900">
          Leaf hash and inclusion proof
        </h3>
        {event.leafHash && (
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <code className="break-all" data-testid="leaf-hash">
              {event.leafHash}
            </code>
            <CopyButton text={event.leafHash} label="Copy leaf hash" />
          </p>
        )}
        <ProofSection event={event} />
      </section>
    </div>
  );
}
