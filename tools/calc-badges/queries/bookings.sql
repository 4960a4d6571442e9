-- calc-badges: the bookings behind the response and completion metrics. $1 bigint[]:
-- contractor ids; $2 double precision: the widest window in days (NULL: all time).
-- Result columns: contractor_id bigint, status text, age_days double precision (since
-- requested), response_hours double precision (NULL: not answered).
SELECT contractor_id, status, extract(epoch FROM now() - requested_at)::double precision / 86400 AS age_days,
       extract(epoch FROM responded_at - requested_at)::double precision / 3600 AS response_hours
FROM bookings
WHERE contractor_id = ANY ($1::bigint[])
  AND ($2::double precision IS NULL OR requested_at >= now() - $2::double precision * interval '1 day')
