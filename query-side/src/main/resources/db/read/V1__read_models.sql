-- Read models. Each table belongs to one projection (prefix = feature), is rebuilt by replaying
-- events, and is guarded by a FORCEd row-level-security policy on the transaction's tenant, so a
-- query that forgets its tenant filter still sees nothing of another organisation.

/* [jooq ignore start] */
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA read;
/* [jooq ignore stop] */

-- inventory: the item list, item pages, the low-stock board and the dashboard counts
CREATE TABLE read.inventory_item (
    tenant_id         UUID         NOT NULL,
    item_id           UUID         NOT NULL,
    sku               VARCHAR(64)  NOT NULL,
    name              VARCHAR(255) NOT NULL,
    barcode           VARCHAR(100) NOT NULL,
    location          VARCHAR(100) NOT NULL,
    category_id       UUID,
    category_name     VARCHAR(100),
    sub_category_id   UUID,
    sub_category_name VARCHAR(100),
    shelf             VARCHAR(50),
    description       TEXT,
    current_stock     INTEGER      NOT NULL,
    min_threshold     INTEGER      NOT NULL,
    stock_status      SMALLINT     NOT NULL, -- 0 in stock, 1 low, 2 out: maintained with the stock, sortable
    image_ref         VARCHAR(200),
    archived          BOOLEAN      NOT NULL DEFAULT FALSE,
    version           BIGINT       NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (tenant_id, item_id)
);
CREATE UNIQUE INDEX inventory_item_barcode ON read.inventory_item (tenant_id, barcode);
-- Expression and partial indexes are PostgreSQL-only; jOOQ's code generator does not need them.
/* [jooq ignore start] */
CREATE INDEX inventory_item_name ON read.inventory_item (tenant_id, lower(name)) WHERE NOT archived;
CREATE INDEX inventory_item_sku ON read.inventory_item (tenant_id, sku) WHERE NOT archived;
CREATE INDEX inventory_item_category ON read.inventory_item (tenant_id, category_id) WHERE NOT archived;
CREATE INDEX inventory_item_status ON read.inventory_item (tenant_id, stock_status) WHERE NOT archived;
CREATE INDEX inventory_item_low ON read.inventory_item (tenant_id, current_stock) WHERE NOT archived AND current_stock <= min_threshold;
CREATE INDEX inventory_item_name_trgm ON read.inventory_item USING gin (lower(name) read.gin_trgm_ops);
CREATE INDEX inventory_item_sku_trgm ON read.inventory_item USING gin (lower(sku) read.gin_trgm_ops);
/* [jooq ignore stop] */

-- the inventory projection's own copy of category names, so it never reads another feature's table
CREATE TABLE read.inventory_category (
    tenant_id   UUID         NOT NULL,
    category_id UUID         NOT NULL,
    name        VARCHAR(100) NOT NULL,
    PRIMARY KEY (tenant_id, category_id)
);

-- ledger: every stock movement, with the names as they are now
CREATE TABLE read.ledger_transaction (
    tenant_id       UUID         NOT NULL,
    transaction_id  UUID         NOT NULL,
    item_id         UUID         NOT NULL,
    user_id         UUID,
    quantity_change INTEGER      NOT NULL,
    quantity        INTEGER      NOT NULL,
    movement_type   VARCHAR(16)  NOT NULL,
    source          VARCHAR(16)  NOT NULL,
    reason          TEXT         NOT NULL,
    stock_after     INTEGER      NOT NULL,
    effective_at    TIMESTAMPTZ  NOT NULL,
    recorded_at     TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (tenant_id, transaction_id)
);
CREATE INDEX ledger_transaction_recorded ON read.ledger_transaction (tenant_id, recorded_at DESC);
CREATE INDEX ledger_transaction_item ON read.ledger_transaction (tenant_id, item_id, recorded_at DESC);
CREATE INDEX ledger_transaction_user ON read.ledger_transaction (tenant_id, user_id, recorded_at DESC);

CREATE TABLE read.ledger_item (
    tenant_id UUID         NOT NULL,
    item_id   UUID         NOT NULL,
    name      VARCHAR(255) NOT NULL,
    sku       VARCHAR(64)  NOT NULL,
    PRIMARY KEY (tenant_id, item_id)
);

CREATE TABLE read.ledger_user (
    tenant_id UUID        NOT NULL,
    user_id   UUID        NOT NULL,
    username  VARCHAR(50) NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

-- categories: the tree
CREATE TABLE read.category_node (
    tenant_id   UUID         NOT NULL,
    category_id UUID         NOT NULL,
    name        VARCHAR(100) NOT NULL,
    description TEXT,
    parent_id   UUID,
    created_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (tenant_id, category_id)
);

-- identity: the user list
CREATE TABLE read.identity_user (
    tenant_id            UUID        NOT NULL,
    user_id              UUID        NOT NULL,
    username             VARCHAR(50) NOT NULL,
    email                VARCHAR(254) NOT NULL,
    role                 VARCHAR(16) NOT NULL,
    active               BOOLEAN     NOT NULL,
    must_change_password BOOLEAN     NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);
/* [jooq ignore start] */
CREATE INDEX identity_user_username ON read.identity_user (tenant_id, lower(username));
/* [jooq ignore stop] */

/* [jooq ignore start] */
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['inventory_item', 'inventory_category', 'ledger_transaction', 'ledger_item',
                             'ledger_user', 'category_node', 'identity_user']
    LOOP
        EXECUTE format('ALTER TABLE read.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE read.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON read.%I '
                       'USING (tenant_id = nullif(current_setting(''stockade.tenant_id'', true), '''')::uuid) '
                       'WITH CHECK (tenant_id = nullif(current_setting(''stockade.tenant_id'', true), '''')::uuid)', t);
    END LOOP;
END $$;
/* [jooq ignore stop] */
