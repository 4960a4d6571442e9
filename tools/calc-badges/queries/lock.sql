-- calc-badges: serialize runs per contractor. A session lock per id of $1 (bigint[], sorted),
-- taken in that order so that two runs never wait on each other in a cycle, and taken before
-- the transaction so that its snapshot sees what the previous holder committed. One key space
-- per schema. Result columns: locked bigint (how many).
SELECT count(pg_advisory_lock(hashtext('calc-badges:' || current_schema()), (id % 2147483647)::integer)) AS locked
FROM unnest($1::bigint[]) AS t(id)
