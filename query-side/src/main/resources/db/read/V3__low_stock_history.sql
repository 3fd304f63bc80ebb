-- How many items were low on stock over time: which items are low now, and every change of that
-- count as it happened (one row per item crossing), so a day's count is a running sum.
CREATE TABLE read.trend_low_item (
    tenant_id  UUID NOT NULL,
    item_id    UUID NOT NULL,
    PRIMARY KEY (tenant_id, item_id)
);

CREATE TABLE read.trend_low_change (
    tenant_id   UUID        NOT NULL,
    event_id    VARCHAR(64) NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL,
    delta       SMALLINT    NOT NULL,
    PRIMARY KEY (tenant_id, event_id)
);
CREATE INDEX trend_low_change_time ON read.trend_low_change (tenant_id, changed_at);

/* [jooq ignore start] */
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['trend_low_item', 'trend_low_change']
    LOOP
        EXECUTE format('ALTER TABLE read.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE read.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON read.%I '
                       'USING (tenant_id = nullif(current_setting(''stockade.tenant_id'', true), '''')::uuid) '
                       'WITH CHECK (tenant_id = nullif(current_setting(''stockade.tenant_id'', true), '''')::uuid)', t);
    END LOOP;
END $$;
/* [jooq ignore stop] */
