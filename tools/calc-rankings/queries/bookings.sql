-- calc-rankings: each contractor's booking counts as of $1 (rows of contractors that are not
-- ranked are skipped by the tool).
-- $1 timestamptz: as_of; $2 bigint[]: category ids or NULL; $3 double precision: response
-- target in seconds; $4 bigint[]: contractor ids or NULL. Result columns: contractor_id
-- bigint, requests bigint (bookings requested by as_of), answered_in_time bigint (of those,
-- answered within the target), completed bigint, cancelled bigint.
SELECT b.contractor_id,
       count(*) AS requests,
       count(*) FILTER (WHERE b.responded_at IS NOT NULL AND b.responded_at <= $1::timestamptz
                        AND b.responded_at - b.requested_at <= make_interval(secs => $3::float8)) AS answered_in_time,
       count(*) FILTER (WHERE b.status = 'completed') AS completed,
       count(*) FILTER (WHERE b.status = 'cancelled') AS cancelled
FROM bookings b
WHERE b.requested_at <= $1::timestamptz
  AND ($2::bigint[] IS NULL OR b.contractor_id IN (SELECT id FROM contractors WHERE category_id = ANY ($2::bigint[])))
  AND ($4::bigint[] IS NULL OR b.contractor_id = ANY ($4::bigint[]))
GROUP BY b.contractor_id
