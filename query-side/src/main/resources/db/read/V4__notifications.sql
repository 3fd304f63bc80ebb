-- The in-app inbox: one row per person told of an alert in the app, with when they acknowledged it.
CREATE TABLE read.notification (
    notification_id UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL,
    user_id         UUID NOT NULL,
    kind            VARCHAR(32) NOT NULL,
    item_id         UUID NOT NULL,
    item_name       VARCHAR(200),
    sku             VARCHAR(100),
    current_stock   INT NOT NULL,
    min_threshold   INT NOT NULL,
    reminder        INT NOT NULL,
    escalated       BOOLEAN NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    read_at         TIMESTAMPTZ
);
CREATE INDEX notification_inbox ON read.notification (tenant_id, user_id, created_at DESC);
CREATE INDEX notification_unread ON read.notification (tenant_id, user_id) WHERE read_at IS NULL;

/* [jooq ignore start] */
ALTER TABLE read.notification ENABLE ROW LEVEL SECURITY;
ALTER TABLE read.notification FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON read.notification
    USING (tenant_id = nullif(current_setting('stockade.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('stockade.tenant_id', true), '')::uuid);
/* [jooq ignore stop] */
