-- Security events of each organisation (sign-ins, failures, locks, sessions, token reuse, password
-- and role changes, rate-limit trips), projected from the event log for Admins and Auditors.
CREATE TABLE read.security_event (
    tenant_id    UUID         NOT NULL,
    event_id     VARCHAR(64)  NOT NULL,
    occurred_at  TIMESTAMPTZ  NOT NULL,
    type         VARCHAR(40)  NOT NULL,
    user_id      UUID         NOT NULL,
    session_id   VARCHAR(64),
    detail       VARCHAR(200),
    client_ip    VARCHAR(64),
    PRIMARY KEY (tenant_id, event_id)
);
CREATE INDEX security_event_time ON read.security_event (tenant_id, occurred_at DESC);
CREATE INDEX security_event_user ON read.security_event (tenant_id, user_id, occurred_at DESC);
CREATE INDEX security_event_type ON read.security_event (tenant_id, type, occurred_at DESC);

/* [jooq ignore start] */
ALTER TABLE read.security_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE read.security_event FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON read.security_event
    USING (tenant_id = nullif(current_setting('stockade.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('stockade.tenant_id', true), '')::uuid);
/* [jooq ignore stop] */
