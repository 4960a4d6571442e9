-- calc-rankings: the published category of some contractors (an incremental run re-places a
-- contractor in the category it was ranked in as well as in its current one).
-- $1 bigint[]: contractor ids. Result columns: contractor_id bigint, category_id bigint.
SELECT contractor_id, category_id FROM contractor_rankings WHERE contractor_id = ANY ($1::bigint[])
