-- Runs once, when the compose volume is first initialised: the per-statement view that
-- `npm run load` reports and operators query (the library itself is preloaded in postgres.conf).
create extension if not exists pg_stat_statements;
