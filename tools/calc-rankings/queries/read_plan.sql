-- calc-rankings: run first in the read transaction (SET LOCAL ends with it). The tool reads
-- every row of every cursor it opens, so the planner should plan for the whole result: with
-- the default of 0.1 it picks plans that return the first rows soon and the last ones late,
-- e.g. bookings grouped along the bookings(contractor_id, status) index, a random heap read
-- per row, instead of one scan into a hash (1/10 bench scale, 19 categories: 3.8 s, 1.4 s).
SET LOCAL cursor_tuple_fraction = 1.0
