-- calc-rankings: stores the watermark. $1 text: its name; $2 bigint: seconds since the epoch.
INSERT INTO calc_rankings_state (name, watermark) VALUES ($1, to_timestamp($2::bigint))
ON CONFLICT (name) DO UPDATE SET watermark = EXCLUDED.watermark
