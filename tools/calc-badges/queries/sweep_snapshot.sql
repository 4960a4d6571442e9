-- calc-badges: opens a sweep's read-only snapshot. A sweep reads whole tables once, in
-- contractor order: a sequential scan and one sort read each page once, where an index walk in
-- that order visits the table's pages at random (7.5 s instead of 1.7 s for 1M bookings), and
-- all rows are read, so the planner must not favour the first ones (a cursor's default).
-- Result columns: as_of_us bigint (the snapshot's now(), microseconds since the epoch).
SELECT (extract(epoch FROM now()) * 1000000)::bigint AS as_of_us
FROM (SELECT set_config('enable_indexscan', 'off', true), set_config('enable_bitmapscan', 'off', true),
             set_config('cursor_tuple_fraction', '1', true)) AS planner_settings
