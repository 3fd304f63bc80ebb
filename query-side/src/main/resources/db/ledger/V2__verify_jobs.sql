-- Verification runs too long to answer in one request (POST /api/audit/verify answers 202 and a job): their progress
-- and result, kept in the database so that any node answers GET /api/audit/verify/{id}, not only the one running it.
CREATE TABLE ledger.verify_job (
    id            UUID         PRIMARY KEY,
    tenant_id     UUID         NOT NULL,
    requested_by  UUID         NOT NULL,
    requested_at  TIMESTAMPTZ  NOT NULL,
    from_position BIGINT,
    to_position   BIGINT,
    status        VARCHAR(20)  NOT NULL,
    checked       BIGINT       NOT NULL DEFAULT 0,
    total         BIGINT       NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL,
    finished_at   TIMESTAMPTZ,
    result        TEXT
);

/* [jooq ignore start] */
SELECT read.isolate_tenant('ledger.verify_job');
/* [jooq ignore stop] */
