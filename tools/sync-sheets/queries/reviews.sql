-- Reviews not deleted, created at or after $1 (an RFC 3339 time), one JSON object per row.
SELECT json_build_object('id', id, 'contractor_id', contractor_id, 'booking_id', booking_id, 'rating', rating,
                         'verified', verified, 'would_hire_again', would_hire_again, 'body', body,
                         'created_at', created_at)
FROM reviews WHERE deleted_at IS NULL AND created_at >= $1::timestamptz ORDER BY id
