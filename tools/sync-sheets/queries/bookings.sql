-- Bookings requested at or after $1 (an RFC 3339 time), one JSON object per row.
SELECT json_build_object('id', id, 'contractor_id', contractor_id, 'customer_id', customer_id, 'status', status,
                         'requested_at', requested_at, 'responded_at', responded_at, 'completed_at', completed_at)
FROM bookings WHERE requested_at >= $1::timestamptz ORDER BY id
