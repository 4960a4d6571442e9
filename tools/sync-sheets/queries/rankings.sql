-- contractor_rankings as calc-rankings last published it, best first, one JSON object per row.
SELECT json_build_object('contractor_id', contractor_id, 'category_id', category_id, 'region_id', region_id,
                         'score', score, 'rank', rank, 'rank_in_region', rank_in_region,
                         'review_count', review_count, 'computed_at', computed_at)
FROM contractor_rankings ORDER BY category_id, rank NULLS LAST, contractor_id
