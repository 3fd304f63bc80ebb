import { Badge, type BadgeTone } from '@/components/atoms/badge';
import { eventLabel, eventSeverity, type EventSeverity } from '@/features/security/api';

const TONE: Record<EventSeverity, BadgeTone> = { danger: 'red', success: 'green', neutral: 'slate' };
const ICON: Record<EventSeverity, string> = { danger: '⚠', success: '✓', neutral: '•' };

/** An event type as a badge: the label in words (colour and icon only repeat the severity). */
export function SecurityEventBadge({ type }: { type: string }) {
  const severity = eventSeverity(type);
  return (
    <Badge tone={TONE[severity]} className="whitespace-nowrap">
      <span aria-hidden="true">{ICON[severity]}</span>
      {eventLabel(type)}
    </Badge>
  );
}
