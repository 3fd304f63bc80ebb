-- E-mail leaves through an outbox: a message is stored in the transaction of what caused it and
-- sent later with retries, so a failing mail service never fails (or loses) the request. A secret
-- (a reset link) is kept apart from the text, shown to nobody, and forgotten once sent or dead.
CREATE TABLE command.email_outbox (
    message_id      UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL,
    kind            VARCHAR(40) NOT NULL,
    recipient       VARCHAR(254) NOT NULL,
    subject         VARCHAR(200) NOT NULL,
    body_text       TEXT NOT NULL,
    body_html       TEXT,
    secret          VARCHAR(200),
    status          VARCHAR(12) NOT NULL CHECK (status IN ('PENDING', 'SENT', 'DEAD')),
    attempts        INT NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_error      VARCHAR(300),
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ,
    provider_id     VARCHAR(200)
);
CREATE INDEX email_outbox_due ON command.email_outbox (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX email_outbox_tenant ON command.email_outbox (tenant_id, created_at DESC);

-- Password reset tokens, hashed; single use; valid one hour.
CREATE TABLE command.password_reset (
    token_hash  CHAR(64) PRIMARY KEY,
    user_id     UUID NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE INDEX password_reset_user ON command.password_reset (user_id);
