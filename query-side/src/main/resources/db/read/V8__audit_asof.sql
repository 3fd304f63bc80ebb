-- Stock as of a date on two time axes (issue 14 §2): a bitemporal projection, written by the audit-asof
-- projection and rebuilt by replay. Every row carries both times: recorded_at (the event's time stamp, the
-- knownAt axis) and, for movements, effective_at (when it happened in the warehouse, the at axis). An answer
-- at (at T, knownAt K) is one aggregate over these rows, never a read of the event store.

-- One row per stock movement: its signed quantity (+quantity for an addition, -quantity for a deduction; a
-- count records its variance the same way). sequence is the movement's place in the item's stream (ties on
-- effective_at go by it); position is the event store's global index, for linking to GET /api/audit/events.
CREATE TABLE read.audit_asof_movement (
    tenant_id    UUID        NOT NULL,
    item_id      UUID        NOT NULL,
    sequence     BIGINT      NOT NULL,
    position     BIGINT,
    recorded_at  TIMESTAMPTZ NOT NULL,
    effective_at TIMESTAMPTZ NOT NULL,
    delta        INTEGER     NOT NULL,
    PRIMARY KEY (tenant_id, item_id, sequence)
);
-- One item at T: its movements in effective order (also the order of the anomaly window).
CREATE INDEX audit_asof_movement_item ON read.audit_asof_movement (tenant_id, item_id, effective_at, sequence);
-- The whole inventory at T: every movement effective by T, summed per item without visiting the table.
CREATE INDEX audit_asof_movement_effective ON read.audit_asof_movement (tenant_id, effective_at, item_id, recorded_at, delta);

-- One full row per change of an item (creation, details, threshold, image, archive), each valid from its
-- recorded time: the item at (T, K) is its latest version recorded at or before min(T, K).
CREATE TABLE read.audit_asof_item_version (
    tenant_id       UUID         NOT NULL,
    item_id         UUID         NOT NULL,
    sequence        BIGINT       NOT NULL,
    position        BIGINT,
    recorded_at     TIMESTAMPTZ  NOT NULL,
    name            VARCHAR(255) NOT NULL,
    sku             VARCHAR(64)  NOT NULL,
    barcode         VARCHAR(100) NOT NULL,
    location        VARCHAR(100) NOT NULL,
    category_id     UUID,
    sub_category_id UUID,
    shelf           VARCHAR(50),
    description     TEXT,
    min_threshold   INTEGER      NOT NULL,
    image_ref       VARCHAR(200),
    archived        BOOLEAN      NOT NULL,
    PRIMARY KEY (tenant_id, item_id, sequence)
);
-- The whole inventory at a point: each item's versions newest first, filtered by recorded time.
CREATE INDEX audit_asof_item_version_recorded ON read.audit_asof_item_version (tenant_id, recorded_at, item_id, sequence);

/* [jooq ignore start] */
SELECT read.isolate_tenant('read.audit_asof_movement');
SELECT read.isolate_tenant('read.audit_asof_item_version');
/* [jooq ignore stop] */
