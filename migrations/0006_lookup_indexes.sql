-- workos-emulator: indexes that start with both columns of the environment-scoped lookups by parent.
-- Append-only: a shipped migration is never edited; fix forward with a new numbered file.
--
-- Every query is scoped by environment_id, so `WHERE environment_id = ? AND organization_id IN (...)` found
-- organization_domains_domain (environment_id, domain) a better match than organization_domains_organization
-- (organization_id, id) and read every domain of the environment for each organization fetched
-- (EXPLAIN QUERY PLAN: "SEARCH organization_domains USING INDEX organization_domains_domain (environment_id=?)").
-- user_identities had the same shape. The older indexes stay: ON DELETE CASCADE from the parent looks children
-- up by the parent column alone (https://sqlite.org/foreignkeys.html#fk_indexes).

CREATE INDEX organization_domains_environment_organization ON organization_domains(environment_id, organization_id, id);
CREATE INDEX user_identities_environment_user ON user_identities(environment_id, user_id, id);
