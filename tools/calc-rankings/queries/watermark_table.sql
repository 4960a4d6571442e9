-- calc-rankings: where the tool keeps its watermark for scope "changed" (created on first use).
CREATE TABLE IF NOT EXISTS calc_rankings_state (name text PRIMARY KEY, watermark timestamptz NOT NULL)
