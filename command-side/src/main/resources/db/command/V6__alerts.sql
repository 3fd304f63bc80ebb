-- Who wants low-stock alerts, and how: the command side's copy of each person's choice, written in the
-- transaction of the AlertPreferencesChanged event. No row: the role's default (Managers and Admins
-- get both channels for every category; Staff and Auditors nothing until they opt in).
CREATE TABLE command.alert_preference (
    user_id       UUID PRIMARY KEY,
    tenant_id     UUID NOT NULL,
    email         BOOLEAN NOT NULL,
    in_app        BOOLEAN NOT NULL,
    category_ids  UUID[] NOT NULL DEFAULT '{}'
);

-- One message per cause: an alert's e-mail to one person, a day's digest to one person. A replayed or
-- retried handler finds its key taken and stores nothing twice.
ALTER TABLE command.email_outbox ADD COLUMN dedupe_key VARCHAR(200);
CREATE UNIQUE INDEX email_outbox_dedupe ON command.email_outbox (dedupe_key) WHERE dedupe_key IS NOT NULL;
