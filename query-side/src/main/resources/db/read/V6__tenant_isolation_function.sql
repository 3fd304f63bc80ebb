-- One definition of the tenant isolation every read-model table gets (V1 to V5 each pasted it).
--
-- A new table calls it right after its CREATE TABLE, in the same migration:
--
--     /* [jooq ignore start] */
--     SELECT read.isolate_tenant('read.my_table');
--     /* [jooq ignore stop] */
--
-- The table must have a tenant_id UUID column. Row-level security is FORCEd, so it also binds the table's
-- owner (the application connects as the owner): a statement that forgets its tenant filter sees and
-- touches nothing foreign, and a connection with no tenant bound sees nothing at all. The tenant is the
-- transaction-local setting stockade.tenant_id (io.stockade.platform.tenancy.Tenancy binds it; every event
-- and query handler is bound by TenantBinding). Calling it again on a table replaces the policy.
-- The jOOQ markers keep the code generator (which parses these scripts, no database) off PL/pgSQL.
/* [jooq ignore start] */
CREATE OR REPLACE FUNCTION read.isolate_tenant(tbl regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
    EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', tbl);
    EXECUTE format('CREATE POLICY tenant_isolation ON %s '
                   'USING (tenant_id = nullif(current_setting(''stockade.tenant_id'', true), '''')::uuid) '
                   'WITH CHECK (tenant_id = nullif(current_setting(''stockade.tenant_id'', true), '''')::uuid)', tbl);
END $$;
/* [jooq ignore stop] */
