-- calc-badges: release the batch's contractor locks (lock.sql) once its transaction has ended.
-- Result columns: none used.
SELECT pg_advisory_unlock_all()
