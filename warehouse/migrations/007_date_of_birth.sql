-- A date of birth ("född 2014-03-02") is personal data too: pii_findings accepts the entity
-- DATE_OF_BIRTH. DuckDB cannot alter a CHECK constraint, so the table is rebuilt with its rows.
CREATE TABLE pii_findings_new (
    deviation_id TEXT NOT NULL,
    field        TEXT NOT NULL,
    entity_type  TEXT NOT NULL CHECK (entity_type IN ('PERSONNUMMER', 'NAME', 'PHONE', 'EMAIL', 'ADDRESS', 'DATE_OF_BIRTH')),
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    score        DOUBLE NOT NULL,
    detector     TEXT NOT NULL
);
INSERT INTO pii_findings_new SELECT * FROM pii_findings;
DROP INDEX pii_findings_deviation;
DROP TABLE pii_findings;
ALTER TABLE pii_findings_new RENAME TO pii_findings;
CREATE INDEX pii_findings_deviation ON pii_findings (deviation_id);
