-- What alerting knows of each item that is not archived, kept by its own event handler from the item's
-- events: enough to write the daily digest (the items low now) without asking another feature. Replayable:
-- every write sets the row from the event alone.
CREATE TABLE alerting.alert_item (
    item_id          UUID PRIMARY KEY,
    tenant_id        UUID NOT NULL,
    name             VARCHAR(255) NOT NULL,
    sku              VARCHAR(64) NOT NULL,
    location         VARCHAR(100),
    category_id      UUID,
    sub_category_id  UUID,
    current_stock    INT NOT NULL,
    min_threshold    INT NOT NULL
);
CREATE INDEX alert_item_low ON alerting.alert_item (tenant_id) WHERE current_stock <= min_threshold;

/* [jooq ignore start] */
-- The same policy read.isolate_tenant (query side, read V6) gives a read table, written out here: alerting
-- depends on the contract and platform only, and its migrations must not need the query side's.
ALTER TABLE alerting.alert_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE alerting.alert_item FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON alerting.alert_item
    USING (tenant_id = nullif(current_setting('stockade.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('stockade.tenant_id', true), '')::uuid);
/* [jooq ignore stop] */
