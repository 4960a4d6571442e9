-- calc-rankings: the stored watermark. $1 text: its name (the Redis key prefix).
-- Result columns: watermark text (RFC 3339, UTC); no row when none is stored yet.
SELECT to_char(watermark AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS watermark
FROM calc_rankings_state WHERE name = $1
