-- calc-rankings: each contractor's booking counts as of $1.
-- $1 timestamptz: as_of; $2 bigint[]: category ids or NULL; $3 double precision: response
-- target in seconds. Result columns: contractor_id bigint, requests bigint (bookings
-- requested by as_of), answered_in_time bigint (of those, answered within the target),
-- completed bigint, cancelled bigint.
SELECT b.contractor_id,
       count(*) AS requests,
       count(*) FILTER (WHERE b.responded_at IS NOT NULL AND b.responded_at <= $1::timestamptz
                        AND extract(epoch FROM (b.responded_at - b.requested_at)) <= $3::float8) AS answered_in_time,
       count(*) FILTER (WHERE b.status = 'completed') AS completed,
       count(*) FILTER (WHERE b.status = 'cancelled') AS cancelled
FROM bookings b
JOIN contractors c ON c.id = b.contractor_id
WHERE c.active
  AND b.requested_at <= $1::timestamptz
  AND ($2::bigint[] IS NULL OR c.category_id = ANY ($2::bigint[]))
GROUP BY b.contractor_id
