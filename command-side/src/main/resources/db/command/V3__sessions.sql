-- Sign-in state the command side keeps beside the event log: sessions and their refresh tokens
-- (hashed), the lock of an account, and the last password hashes (no reuse of the last five).

-- The lock itself is an event of the account; this column mirrors it for the sign-in check.
ALTER TABLE command.user_account ADD COLUMN locked_until TIMESTAMPTZ;
CREATE INDEX user_account_locked ON command.user_account (locked_until) WHERE locked_until IS NOT NULL;

-- One row per sign-in: the refresh-token family. The CSRF token of the session is kept as a hash too.
CREATE TABLE command.auth_session (
    session_id     UUID PRIMARY KEY,
    user_id        UUID NOT NULL,
    tenant_id      UUID NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    last_used_at   TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    user_agent     VARCHAR(256),
    client_ip      VARCHAR(64),
    csrf_hash      CHAR(64) NOT NULL,
    amr            VARCHAR(40) NOT NULL,
    revoked_at     TIMESTAMPTZ,
    revoke_reason  VARCHAR(40)
);
CREATE INDEX auth_session_user ON command.auth_session (user_id, created_at DESC);
CREATE INDEX auth_session_ended ON command.auth_session (expires_at);

-- Single-use: used_at is set when a token is exchanged; presenting it again revokes its session.
CREATE TABLE command.refresh_token (
    token_hash  CHAR(64) PRIMARY KEY,
    session_id  UUID NOT NULL REFERENCES command.auth_session (session_id) ON DELETE CASCADE,
    issued_at   TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE INDEX refresh_token_session ON command.refresh_token (session_id);

CREATE TABLE command.password_history (
    user_id        UUID NOT NULL,
    changed_at     TIMESTAMPTZ NOT NULL,
    password_hash  VARCHAR(200) NOT NULL,
    PRIMARY KEY (user_id, changed_at)
);
