-- "Never silently wrong": whether the reader could read the family's core fields reliably.
-- 'complete', or 'incomplete' when a core field (its date, its description, its counterpart …)
-- could not be read, or a value looked like the form's own printed text (then not stored).
-- Rows loaded before this migration were not checked: NULL.
ALTER TABLE deviations ADD COLUMN extraction_status TEXT;

-- Swedish notes saying what could not be read, joined by "; " (never a value of the form);
-- NULL when complete.
ALTER TABLE deviations ADD COLUMN extraction_notes TEXT;
