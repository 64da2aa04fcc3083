-- Database grants of the application account (api and worker processes): rows, not schema.
-- See docs/security.md, "Tamper evidence and database grants".
--
-- Two accounts:
--   petitions_migrate  owns the schema: runs `setup` / `migrate` (and `chain rechain` once after
--                      upgrading); ALL PRIVILEGES on the database, TRIGGER and CREATE included.
--   petitions_app      what DATABASE_URL of the api and the worker names: the grants below, and
--                      nothing on any other database. No CREATE, ALTER, DROP, INDEX, TRIGGER,
--                      REFERENCES, EXECUTE; no UPDATE or DELETE on the append-only tables.
--
-- Run as an administrator AFTER the migrations (a table-level grant needs the table to exist),
-- and again after a release whose migrations add a table. The database is named `petitions`
-- here; replace it if yours differs. Create the accounts first, with passwords of your own:
--   CREATE USER 'petitions_migrate'@'%' IDENTIFIED BY '<password>';
--   CREATE USER 'petitions_app'@'%' IDENTIFIED BY '<password>';
--   GRANT ALL PRIVILEGES ON petitions.* TO 'petitions_migrate'@'%';
-- test/security/grants.e2e-spec.ts applies this file to a scratch account and checks that every
-- table of the schema is listed here.

-- Metric recomputation fills MEMORY temporary tables (libs/metrics/src/metric-items-sql.ts).
GRANT CREATE TEMPORARY TABLES ON petitions.* TO 'petitions_app'@'%';

-- Append-only: the case timeline and the signed checkpoints are written once and never changed
-- (the triggers say so too, but an account that cannot UPDATE or DELETE needs no trigger).
GRANT SELECT, INSERT ON petitions.case_events TO 'petitions_app'@'%';
GRANT SELECT, INSERT ON petitions.case_chain_checkpoints TO 'petitions_app'@'%';

-- Read only: which migrations ran.
GRANT SELECT ON petitions.schema_migrations TO 'petitions_app'@'%';

-- Every other table: its rows.
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.attachments TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.calendar_days TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.calendar_versions TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.cases TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.case_chain_heads TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.case_hops TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.case_number_sequences TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.case_petitioners TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.case_reviews TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.categories TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.clocks TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.deadline_rules TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.export_logs TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.idempotency_keys TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.import_jobs TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.import_keys TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.import_row_errors TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.key_matters TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.key_matter_cases TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.key_matter_progress TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.metric_counts TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.metric_items TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.metric_ledger_backfill TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.metric_ledger_years TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.metric_snapshots TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.metric_snapshot_items TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.notifications TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.officer_defaults TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.notice_sequences TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.notice_templates TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.persuasion_missions TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.persuasion_mission_cases TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.petitioner_notices TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.petitioners TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.pii_access_logs TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.refresh_tokens TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.reminders TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.reminder_deliveries TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.reminder_rules TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.saved_views TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.self_evaluations TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.self_evaluation_budget_lines TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.self_evaluation_indicators TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.supervision_letters TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.supervision_letter_actions TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.supervision_letter_attachments TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.supervision_letter_cases TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.supervision_letter_sequences TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.units TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.users TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.user_contacts TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.webhook_endpoints TO 'petitions_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON petitions.worker_heartbeats TO 'petitions_app'@'%';
