-- Command-side look-up tables. They are written by command handlers in the same transaction as
-- the event append, so two racing requests cannot both claim a SKU, barcode, name or username.
-- They are not read models: nothing outside the command side reads them.

CREATE TABLE command.organisation (
    tenant_id   UUID PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- SKUs are compared case-insensitively (stored upper-cased); barcodes exactly.
CREATE TABLE command.item_code (
    tenant_id   UUID NOT NULL,
    kind        VARCHAR(16) NOT NULL CHECK (kind IN ('sku', 'barcode')),
    code        VARCHAR(100) NOT NULL,
    item_id     UUID NOT NULL,
    PRIMARY KEY (tenant_id, kind, code)
);

CREATE TABLE command.category_name (
    tenant_id   UUID NOT NULL,
    name_key    VARCHAR(100) NOT NULL,
    category_id UUID NOT NULL UNIQUE,
    parent_id   UUID,
    PRIMARY KEY (tenant_id, name_key)
);

-- Accounts as the command side needs them: unique usernames and e-mails across all organisations,
-- the credential for sign-in, and who is an active Admin (the last one cannot be removed).
CREATE TABLE command.user_account (
    user_id              UUID PRIMARY KEY,
    tenant_id            UUID NOT NULL,
    username_key         VARCHAR(50) NOT NULL UNIQUE,
    username             VARCHAR(50) NOT NULL,
    email_key            VARCHAR(254) NOT NULL UNIQUE,
    email                VARCHAR(254) NOT NULL,
    password_hash        VARCHAR(200) NOT NULL,
    role                 VARCHAR(16) NOT NULL,
    active               BOOLEAN NOT NULL,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX user_account_tenant_role ON command.user_account (tenant_id, role) WHERE active;

-- A retried request with the same Idempotency-Key gets the first result and appends nothing.
CREATE TABLE command.idempotency_record (
    tenant_id    UUID NOT NULL,
    user_id      UUID NOT NULL,
    idem_key     VARCHAR(160) NOT NULL,
    command_type VARCHAR(200) NOT NULL,
    fingerprint  VARCHAR(64) NOT NULL,
    result_type  VARCHAR(200),
    result       BYTEA,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id, idem_key)
);
CREATE INDEX idempotency_record_created ON command.idempotency_record (created_at);
