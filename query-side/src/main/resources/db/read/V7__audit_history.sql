-- Audit history (issue 14): an index of every stored event, so the audit API can filter an organisation's
-- events under row-level security (the event store has no tenant column and no policy) and then fetch the
-- payloads it needs by global position; and the log of who read that history.

-- One row per stored event of every aggregate, written by the audit-index projection and rebuilt by replay.
-- position is the event store's global index; outcome is 'accepted' for every stored event (refused
-- commands are recorded on their own stream in a later step and indexed as 'rejected').
CREATE TABLE read.audit_event (
    tenant_id      UUID         NOT NULL,
    position       BIGINT       NOT NULL,
    aggregate_type VARCHAR(40)  NOT NULL,
    aggregate_id   VARCHAR(64)  NOT NULL,
    sequence       BIGINT       NOT NULL,
    event_type     VARCHAR(80)  NOT NULL,
    user_id        UUID,
    recorded_at    TIMESTAMPTZ  NOT NULL,
    effective_at   TIMESTAMPTZ,
    correlation_id VARCHAR(64),
    outcome        VARCHAR(10)  NOT NULL,
    PRIMARY KEY (tenant_id, position)
);
-- Each filter with the position after it, so a filtered page is read in keyset order from the index.
CREATE INDEX audit_event_aggregate ON read.audit_event (tenant_id, aggregate_id, position);
CREATE INDEX audit_event_kind ON read.audit_event (tenant_id, aggregate_type, position);
CREATE INDEX audit_event_type ON read.audit_event (tenant_id, event_type, position);
CREATE INDEX audit_event_user ON read.audit_event (tenant_id, user_id, position);
CREATE INDEX audit_event_recorded ON read.audit_event (tenant_id, recorded_at, position);
CREATE INDEX audit_event_correlation ON read.audit_event (tenant_id, correlation_id, position);

-- Every read of the audit API: who (user and role), what (endpoint and its parameters as JSON), when and
-- from where. The client address and user agent are personal: sealed under the reader's key (pd1:…, as
-- in event metadata) so they read as [erased] once that person is erased. Not a projection: nothing
-- rebuilds it, so it is append-only, and only the audit feature's AccessLogRepository inserts into it.
CREATE TABLE read.audit_access (
    tenant_id  UUID          NOT NULL,
    id         BIGSERIAL     NOT NULL,
    read_at    TIMESTAMPTZ   NOT NULL,
    user_id    UUID          NOT NULL,
    role       VARCHAR(16)   NOT NULL,
    endpoint   VARCHAR(100)  NOT NULL,
    parameters VARCHAR(2000) NOT NULL,
    client_ip  VARCHAR(200),
    user_agent VARCHAR(1000),
    request_id VARCHAR(64),
    PRIMARY KEY (tenant_id, id)
);

/* [jooq ignore start] */
SELECT read.isolate_tenant('read.audit_event');
SELECT read.isolate_tenant('read.audit_access');

-- Append-only for everyone, the table's owner included (TRUNCATE is refused too): a record of reads that
-- can be edited records nothing.
CREATE FUNCTION read.audit_access_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'read.audit_access is append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER audit_access_no_change BEFORE UPDATE OR DELETE ON read.audit_access
    FOR EACH ROW EXECUTE FUNCTION read.audit_access_append_only();
CREATE TRIGGER audit_access_no_truncate BEFORE TRUNCATE ON read.audit_access
    FOR EACH STATEMENT EXECUTE FUNCTION read.audit_access_append_only();
/* [jooq ignore stop] */
