-- Reports (issue 5): the reporting projection's own copy of items, categories, users, movements
-- and stockouts, so the reports read no other feature's tables. Every table is rebuilt by replay.

-- items as the reports need them; version = the aggregate's last applied sequence number
CREATE TABLE read.report_item (
    tenant_id         UUID         NOT NULL,
    item_id           UUID         NOT NULL,
    sku               VARCHAR(64)  NOT NULL,
    name              VARCHAR(255) NOT NULL,
    location          VARCHAR(100) NOT NULL,
    category_id       UUID,
    sub_category_id   UUID,
    report_category_id UUID, -- the most specific category: the sub-category when there is one
    current_stock     INTEGER      NOT NULL,
    min_threshold     INTEGER      NOT NULL,
    archived          BOOLEAN      NOT NULL,
    last_movement_at  TIMESTAMPTZ,
    version           BIGINT       NOT NULL,
    PRIMARY KEY (tenant_id, item_id)
);
/* [jooq ignore start] */
CREATE INDEX report_item_last_movement ON read.report_item (tenant_id, last_movement_at NULLS FIRST, item_id)
    WHERE NOT archived;
/* [jooq ignore stop] */

-- stock per category and per location, kept up to date by the projection as items change (each
-- item counted once, where it is now; archived items not at all): the stock reports read these few
-- rows instead of grouping every item. report_category_id is the nil UUID for "no category".
CREATE TABLE read.report_category_stock (
    tenant_id          UUID   NOT NULL,
    report_category_id UUID   NOT NULL,
    items              BIGINT NOT NULL,
    units              BIGINT NOT NULL,
    low_stock          BIGINT NOT NULL,
    out_of_stock       BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, report_category_id)
);

CREATE TABLE read.report_location_stock (
    tenant_id    UUID         NOT NULL,
    location     VARCHAR(100) NOT NULL,
    items        BIGINT       NOT NULL,
    units        BIGINT       NOT NULL,
    low_stock    BIGINT       NOT NULL,
    out_of_stock BIGINT       NOT NULL,
    PRIMARY KEY (tenant_id, location)
);

CREATE TABLE read.report_category (
    tenant_id   UUID         NOT NULL,
    category_id UUID         NOT NULL,
    name        VARCHAR(100) NOT NULL,
    parent_id   UUID,
    PRIMARY KEY (tenant_id, category_id)
);

CREATE TABLE read.report_user (
    tenant_id UUID        NOT NULL,
    user_id   UUID        NOT NULL,
    username  VARCHAR(50) NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

-- every movement, by when it took effect (what the item filter and partial days read)
CREATE TABLE read.report_movement (
    tenant_id      UUID        NOT NULL,
    transaction_id UUID        NOT NULL,
    item_id        UUID        NOT NULL,
    user_id        UUID,
    movement_type  VARCHAR(16) NOT NULL,
    reason         VARCHAR(500) NOT NULL,
    units_in       INTEGER     NOT NULL,
    units_out      INTEGER     NOT NULL,
    effective_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, transaction_id)
);
CREATE INDEX report_movement_time ON read.report_movement (tenant_id, effective_at);
CREATE INDEX report_movement_item ON read.report_movement (tenant_id, item_id, effective_at);

-- movements summed per UTC day, user, direction and reason: whole days of the movements report
-- read this instead of a million movements. user_id is the nil UUID when no user was recorded.
CREATE TABLE read.report_movement_day (
    tenant_id     UUID        NOT NULL,
    day           DATE        NOT NULL,
    user_id       UUID        NOT NULL,
    movement_type VARCHAR(16) NOT NULL,
    reason        VARCHAR(500) NOT NULL, -- as the command caps it
    movements     BIGINT      NOT NULL,
    units_in      BIGINT      NOT NULL,
    units_out     BIGINT      NOT NULL,
    PRIMARY KEY (tenant_id, day, user_id, movement_type, reason)
);

-- each period an item sat at zero stock, opened by the movement that emptied it (recorded time)
CREATE TABLE read.report_stockout (
    tenant_id          UUID        NOT NULL,
    out_transaction_id UUID        NOT NULL,
    item_id            UUID        NOT NULL,
    out_at             TIMESTAMPTZ NOT NULL,
    recovered_at       TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, out_transaction_id)
);
CREATE INDEX report_stockout_time ON read.report_stockout (tenant_id, out_at DESC);
CREATE INDEX report_stockout_item ON read.report_stockout (tenant_id, item_id, out_at DESC);

/* [jooq ignore start] */
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['report_item', 'report_category_stock', 'report_location_stock', 'report_category',
                             'report_user', 'report_movement',
                             'report_movement_day', 'report_stockout']
    LOOP
        EXECUTE format('ALTER TABLE read.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE read.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON read.%I '
                       'USING (tenant_id = nullif(current_setting(''stockade.tenant_id'', true), '''')::uuid) '
                       'WITH CHECK (tenant_id = nullif(current_setting(''stockade.tenant_id'', true), '''')::uuid)', t);
    END LOOP;
END $$;
/* [jooq ignore stop] */
