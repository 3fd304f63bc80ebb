-- The tamper-evidence ledger: one RFC 9162 Merkle log per organisation over the stored events, kept by the
-- sealer (io.stockade.query.audit.seal), which is the only writer. The event store (axon.domain_event_entry) has
-- no tenant column; the sealer reads each event's tenant from its stored metadata and appends the event's leaf
-- to that organisation's log. What a leaf covers is written down in audit-proof/FORMAT.md.

-- How far the sealer has come: every global position up to sealed_through is sealed into its organisation's log
-- or is a gap that can no longer fill (see ledger.gap). One row.
CREATE TABLE ledger.seal_state (
    singleton      BOOLEAN     PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    sealed_through BIGINT      NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);

-- Global positions the sequence handed out but no transaction ever committed (a rolled-back append). A position is
-- recorded here only once every transaction that was in progress when the sealer first saw it empty has ended and it
-- is still empty: from then on an event at that position is an insertion, never a late commit.
CREATE TABLE ledger.gap (
    position     BIGINT      PRIMARY KEY,
    first_seen   TIMESTAMPTZ NOT NULL,
    confirmed_at TIMESTAMPTZ NOT NULL
);

-- One log per organisation: its origin line, its size (number of leaves sealed into it) and the size and time of its
-- last signed checkpoint. The sealer's index of logs, read across organisations to find the checkpoints that are due,
-- so it carries no row-level security; it holds no event data, and the audit API filters it by organisation.
CREATE TABLE ledger.log (
    tenant_id       UUID         PRIMARY KEY,
    origin          VARCHAR(100) NOT NULL,
    tree_size       BIGINT       NOT NULL,
    checkpoint_size BIGINT       NOT NULL DEFAULT 0,
    checkpoint_at   TIMESTAMPTZ
);

-- Level 0 of each log: which stored event is leaf number leaf_index, and its leaf hash.
CREATE TABLE ledger.leaf (
    tenant_id  UUID   NOT NULL,
    leaf_index BIGINT NOT NULL,
    position   BIGINT NOT NULL,
    leaf_hash  BYTEA  NOT NULL,
    PRIMARY KEY (tenant_id, leaf_index),
    CONSTRAINT leaf_position UNIQUE (position)
);

-- Hashes of the complete subtrees above the leaves: node (tree_level, idx) covers leaves [idx * 2^level, (idx + 1) * 2^level).
-- A root or a proof at any earlier tree size is computed from these alone.
CREATE TABLE ledger.tree_node (
    tenant_id UUID     NOT NULL,
    tree_level SMALLINT NOT NULL,
    idx       BIGINT   NOT NULL,
    hash      BYTEA    NOT NULL,
    PRIMARY KEY (tenant_id, tree_level, idx)
);

-- Signed checkpoints (C2SP tlog-checkpoint in a C2SP signed note). Also written outside PostgreSQL, since whoever can
-- write this table could rewrite it.
CREATE TABLE ledger.checkpoint (
    tenant_id  UUID         NOT NULL,
    tree_size  BIGINT       NOT NULL,
    root_hash  BYTEA        NOT NULL,
    signed_at  TIMESTAMPTZ  NOT NULL,
    key_name   VARCHAR(200) NOT NULL,
    note       TEXT         NOT NULL,
    PRIMARY KEY (tenant_id, tree_size)
);
CREATE INDEX checkpoint_time ON ledger.checkpoint (tenant_id, signed_at DESC);

-- Every checkpoint-signing key ever used (public halves only), with when it signed.
CREATE TABLE ledger.signing_key (
    verifier_key VARCHAR(300) PRIMARY KEY,
    key_name     VARCHAR(200) NOT NULL,
    valid_from   TIMESTAMPTZ  NOT NULL,
    valid_until  TIMESTAMPTZ
);

/* [jooq ignore start] */
SELECT read.isolate_tenant('ledger.leaf');
SELECT read.isolate_tenant('ledger.tree_node');
SELECT read.isolate_tenant('ledger.checkpoint');
/* [jooq ignore stop] */
