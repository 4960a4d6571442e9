-- calc-rankings: the advisory lock that keeps two runs from interleaving their writes. One
-- lock per schema: runs against different schemas (search_path) write different tables.
-- Result columns: locked boolean (false: another run holds it).
SELECT pg_try_advisory_lock(hashtext('calc-rankings'), hashtext(current_schema())) AS locked
