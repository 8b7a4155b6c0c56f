-- One line of JSON describing the database: row counts of every table in `public` and an md5 of the
-- answers table ordered by its key. backup.sh records it in the same snapshot as pg_dump;
-- restore-verify.sh computes it again on the restored copy and compares.
select json_build_object(
  'tables', (
    select json_object_agg(t.table_name, (xpath('/row/n/text()', query_to_xml(
      format('select count(*) as n from %I.%I', t.table_schema, t.table_name), false, true, '')))[1]::text::bigint
      order by t.table_name)
    from information_schema.tables t
    where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
  ),
  'answersMd5', (
    select md5(coalesce(string_agg(
      concat_ws('|', attempt_id, question_id, response::text, seq, extract(epoch from saved_at)::text),
      E'\n' order by attempt_id, question_id), ''))
    from answers
  )
)::text;
