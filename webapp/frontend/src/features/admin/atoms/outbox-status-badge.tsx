import { Badge, type BadgeTone } from '@/components/atoms/badge';
import { OUTBOX_STATUS_LABELS, isOutboxStatus, type OutboxStatus } from '@/features/admin/api';

const TONE: Record<OutboxStatus, BadgeTone> = { pending: 'amber', sent: 'green', dead: 'red' };
const ICON: Record<OutboxStatus, string> = { pending: '…', sent: '✓', dead: '✕' };

/** A message's delivery status as a badge: the word is always there (colour and icon only repeat it). */
export function OutboxStatusBadge({ status }: { status: string }) {
  if (!isOutboxStatus(status)) return <Badge tone="slate">{status || 'Unknown'}</Badge>;
  return (
    <Badge tone={TONE[status]} className="whitespace-nowrap">
      <span aria-hidden="true">{ICON[status]}</span>
      {OUTBOX_STATUS_LABELS[status]}
    </Badge>
  );
}
