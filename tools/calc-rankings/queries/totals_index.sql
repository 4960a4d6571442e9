-- calc-rankings: the stored review sums by category, so that an incremental run reads the sums
-- of the categories it touches instead of the whole table (created on first use).
CREATE INDEX IF NOT EXISTS calc_rankings_totals_category ON calc_rankings_totals (category_id)
