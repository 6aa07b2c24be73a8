-- workos-emulator: an index on every foreign key column that had none starting with it.
-- Append-only: a shipped migration is never edited; fix forward with a new numbered file.
--
-- Deleting a parent row makes SQLite look up its children by the child key; "if no index exists, a full table scan
-- of the child table is required" (https://sqlite.org/foreignkeys.html#fk_indexes). The indexes that serve our
-- queries start with environment_id, which that lookup cannot use, so every DELETE of an organization or a user read
-- these tables in full. Measured with 100,000 sessions: deleting one organization took 19 ms without
-- sessions_organization and 1 ms with it. (Found by listing foreign keys against indexes, Benchmarks/results.)

CREATE INDEX email_verifications_user_key ON email_verifications(user_id);
CREATE INDEX email_changes_user_key ON email_changes(user_id);
CREATE INDEX password_resets_user_key ON password_resets(user_id);
CREATE INDEX magic_auths_user_key ON magic_auths(user_id);
CREATE INDEX organization_memberships_user_key ON organization_memberships(user_id);
CREATE INDEX invitations_organization_key ON invitations(organization_id);
CREATE INDEX invitations_accepted_user_key ON invitations(accepted_user_id);
CREATE INDEX invitations_inviter_user_key ON invitations(inviter_user_id);
CREATE INDEX sessions_organization_key ON sessions(organization_id);
CREATE INDEX sessions_user_key ON sessions(user_id);
CREATE INDEX device_authorizations_user_key ON device_authorizations(user_id);
CREATE INDEX authentication_factors_user_key ON authentication_factors(user_id);
CREATE INDEX connections_organization_key ON connections(organization_id);
CREATE INDEX portal_links_organization_key ON portal_links(organization_id);
CREATE INDEX directories_organization_key ON directories(organization_id);
