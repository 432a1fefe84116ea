-- The same deviation arriving again as another file (a BUS form returned with section 4,
-- the answer, filled in): one row in `deviations`, one row per file in `deviation_versions`.

-- sha256 of the normalised reporting sections (schema/identity.py); never the text itself.
-- NULL for a form that says too little to be recognised (it is then never merged).
-- Rows loaded before this migration get their key the next time the warehouse loads.
ALTER TABLE deviations ADD COLUMN identity_key TEXT;

CREATE TABLE deviation_versions (
    deviation_id         TEXT NOT NULL,     -- deviations.id (the first file's id)
    version              INTEGER NOT NULL,  -- 1 = the first file to arrive, then in order of arrival
    source_sha256        TEXT NOT NULL UNIQUE,
    source_format        TEXT NOT NULL,
    source_name          TEXT,              -- after the redaction check
    ingested_at          TIMESTAMP NOT NULL,
    has_response         BOOLEAN NOT NULL,  -- BUS section 4 filled in
    response_received_on DATE,
    resolved             BOOLEAN,
    escalation_level     TEXT,
    redaction_status     TEXT NOT NULL,
    PRIMARY KEY (deviation_id, version)
);

INSERT INTO deviation_versions
SELECT d.id, 1, d.source_sha256, d.source_format, d.source_name, d.ingested_at,
       d.response_received_on IS NOT NULL OR d.response_text IS NOT NULL OR d.improvement_actions IS NOT NULL
           OR EXISTS (SELECT 1 FROM parties p WHERE p.deviation_id = d.id AND p.role = 'responding'),
       d.response_received_on, d.resolved, d.escalation_level, d.redaction_status
FROM deviations d;
