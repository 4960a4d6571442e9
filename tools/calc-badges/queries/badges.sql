-- calc-badges: the badge catalogue. A rule here replaces the rules file's rule of that badge.
-- Result columns: slug text, name text, rule text (JSON; NULL: the file's rule, or staff only).
SELECT slug, name, rule::text AS rule FROM badges ORDER BY slug
