-- One AES-256 key per person. Personal values inside events are encrypted with it; deleting the
-- row (crypto-shredding) erases those values everywhere without rewriting a single event.
CREATE TABLE privacy.subject_key (
    subject_id  UUID PRIMARY KEY,
    key_bytes   BYTEA,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    destroyed_at TIMESTAMPTZ,
    CONSTRAINT subject_key_destroyed_has_no_key CHECK ((destroyed_at IS NULL) = (key_bytes IS NOT NULL))
);
