-- calc-rankings: the staged rank changes into contractor_rankings (score and computed_at stay).
UPDATE contractor_rankings r SET rank = s.rank, rank_in_region = s.rank_in_region
FROM calc_rankings_shift s
WHERE r.contractor_id = s.contractor_id
