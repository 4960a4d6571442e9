-- calc-rankings: the start of the read transaction, from which the next watermark is taken.
-- Result columns: epoch bigint (seconds since 1970-01-01 UTC).
SELECT floor(extract(epoch FROM now()))::bigint AS epoch
