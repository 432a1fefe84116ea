-- The warehouse contract (SPEC.md). Extend freely, rename never: add a migration instead.

CREATE TABLE deviations (
    id                   TEXT PRIMARY KEY,
    source_sha256        TEXT NOT NULL UNIQUE,
    source_format        TEXT NOT NULL,
    form_type            TEXT NOT NULL CHECK (form_type IN ('bus', 'vastbus', 'lex_heller')),
    reported_on          DATE,
    event_type           TEXT,
    description          TEXT,
    causes               TEXT,
    proposed_action      TEXT,
    resolved             BOOLEAN,
    severity             TEXT CHECK (severity IN ('mycket_allvarlig', 'allvarlig', 'mindre_allvarlig')),
    local_group          TEXT,
    escalation_level     TEXT CHECK (escalation_level IN ('lokal', 'delregional', 'regional')),
    response_received_on DATE,
    response_text        TEXT,
    improvement_actions  TEXT,
    response_due_on      DATE,
    redaction_status     TEXT NOT NULL CHECK (redaction_status IN ('clean', 'redacted', 'needs_review')),
    ingested_at          TIMESTAMP NOT NULL,
    source_name          TEXT  -- the file name as received, after the redaction check
);

CREATE TABLE parties (
    deviation_id TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('reporting', 'counterpart', 'responding')),
    name         TEXT NOT NULL,
    category     TEXT NOT NULL CHECK (category IN ('kommun', 'region', 'arbetsformedlingen', 'forsakringskassan', 'annan')),
    position     INTEGER NOT NULL  -- order on the form
);

CREATE TABLE pii_findings (
    deviation_id TEXT NOT NULL,
    field        TEXT NOT NULL,
    entity_type  TEXT NOT NULL CHECK (entity_type IN ('PERSONNUMMER', 'NAME', 'PHONE', 'EMAIL', 'ADDRESS')),
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    score        DOUBLE NOT NULL,
    detector     TEXT NOT NULL
);

-- Every file seen, whatever became of it. file_name is redacted like source_name.
CREATE TABLE ingest_log (
    logged_at     TIMESTAMP NOT NULL,
    file_name     TEXT NOT NULL,
    source_sha256 TEXT,
    status        TEXT NOT NULL CHECK (status IN ('loaded', 'duplicate', 'rejected')),
    reason        TEXT,
    deviation_id  TEXT,
    form_type     TEXT
);

CREATE INDEX parties_deviation ON parties (deviation_id);
CREATE INDEX pii_findings_deviation ON pii_findings (deviation_id);
