-- Catalogue imports (CSV). The uploaded file is kept in chunks so that any node can resume a job
-- whose node died; every row becomes its own CreateItemCommand keyed by (job, row), so a resumed
-- job never creates an item twice.
CREATE TABLE command.import_job (
    job_id          UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL,
    user_id         UUID NOT NULL,
    role            VARCHAR(16) NOT NULL,
    idem_key        VARCHAR(160) NOT NULL,
    mode            VARCHAR(20) NOT NULL CHECK (mode IN ('all-or-nothing', 'valid-rows-only')),
    dry_run         BOOLEAN NOT NULL,
    status          VARCHAR(16) NOT NULL CHECK (status IN ('receiving', 'validated', 'running', 'completed', 'failed')),
    failure         VARCHAR(500),
    body_sha256     VARCHAR(64),
    body_bytes      BIGINT NOT NULL DEFAULT 0,
    total_rows      INTEGER NOT NULL DEFAULT 0,
    valid_rows      INTEGER NOT NULL DEFAULT 0,
    invalid_rows    INTEGER NOT NULL DEFAULT 0,
    processed       INTEGER NOT NULL DEFAULT 0,
    created         INTEGER NOT NULL DEFAULT 0,
    failed          INTEGER NOT NULL DEFAULT 0,
    -- Rows before this one are done; a resumed job starts here.
    next_row        INTEGER NOT NULL DEFAULT 2,
    owner           VARCHAR(100),
    heartbeat_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at     TIMESTAMPTZ,
    UNIQUE (tenant_id, user_id, idem_key)
);
CREATE INDEX import_job_running ON command.import_job (heartbeat_at) WHERE status IN ('running', 'receiving');

CREATE TABLE command.import_chunk (
    job_id  UUID NOT NULL REFERENCES command.import_job (job_id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    data    BYTEA NOT NULL,
    PRIMARY KEY (job_id, seq)
);

-- Row numbers are as a spreadsheet shows them (header = 1, first item = 2); row 0 is the file as a
-- whole; field '*' is a whole-row problem.
CREATE TABLE command.import_error (
    job_id   UUID NOT NULL REFERENCES command.import_job (job_id) ON DELETE CASCADE,
    row_no   INTEGER NOT NULL,
    field    VARCHAR(64) NOT NULL,
    message  VARCHAR(1000) NOT NULL,
    PRIMARY KEY (job_id, row_no, field)
);
