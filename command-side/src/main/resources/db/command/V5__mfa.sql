-- TOTP (RFC 6238) second factor. The shared secret is sealed with the person's own key (erasing
-- the person erases it); last_step makes every code single-use. Recovery codes and sign-in
-- challenges are kept as SHA-256 hashes only.
CREATE TABLE command.mfa_factor (
    user_id        UUID PRIMARY KEY,
    secret_sealed  TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    confirmed_at   TIMESTAMPTZ,
    last_step      BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE command.mfa_recovery_code (
    user_id    UUID NOT NULL,
    code_hash  CHAR(64) NOT NULL,
    used_at    TIMESTAMPTZ,
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE command.mfa_challenge (
    challenge_hash CHAR(64) PRIMARY KEY,
    user_id        UUID NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    attempts       INT NOT NULL DEFAULT 0,
    used_at        TIMESTAMPTZ
);
CREATE INDEX mfa_challenge_expiry ON command.mfa_challenge (expires_at);

-- Per organisation: the roles that must use a second factor.
CREATE TABLE command.security_policy (
    tenant_id  UUID PRIMARY KEY,
    mfa_roles  VARCHAR(100) NOT NULL DEFAULT ''
);
