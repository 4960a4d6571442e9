-- calc-badges: a sweep's bookings, every contractor's, ordered by contractor_id (the sweep
-- merges them with the contractors in that order). $1 double precision: the widest window in
-- days (NULL: all time).
-- Result columns: contractor_id bigint, status text, age_days double precision (since
-- requested), response_hours double precision (NULL: not answered).
SELECT contractor_id, status, extract(epoch FROM now() - requested_at)::double precision / 86400 AS age_days,
       extract(epoch FROM responded_at - requested_at)::double precision / 3600 AS response_hours
FROM bookings
WHERE $1::double precision IS NULL OR requested_at >= now() - $1::double precision * interval '1 day'
ORDER BY contractor_id
