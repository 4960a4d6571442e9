-- calc-rankings: the categories of contractors whose reviews or bookings changed after the
-- watermark (scope "changed"); each is recomputed whole, since one score can move others.
-- $1 timestamptz: the watermark. Result columns: category_id bigint.
SELECT DISTINCT c.category_id
FROM contractors c
WHERE c.id IN (
  SELECT contractor_id FROM reviews WHERE updated_at > $1::timestamptz OR deleted_at > $1::timestamptz
  UNION
  SELECT contractor_id FROM bookings
  WHERE requested_at > $1::timestamptz OR responded_at > $1::timestamptz OR completed_at > $1::timestamptz)
  OR c.created_at > $1::timestamptz
ORDER BY c.category_id
