-- Forms read from a scanned image by OCR (ingest/ocr.py). Such a row may carry OCR misreadings;
-- a field the OCR was unsure of is noted for review. Rows loaded before OCR existed were not.
ALTER TABLE deviations ADD COLUMN read_by_ocr BOOLEAN DEFAULT false;
