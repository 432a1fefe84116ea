-- Review that can be finished, correction and erasure (`avvik review done|correct|erase`),
-- and overdue answers with one row per counterpart.

-- Every review action, never the text it concerned: who (initials or a role, never a name),
-- when, which field. `note` says what was done in words of our own ("2 förekomster ersatta
-- med [NAMN]"), never the removed text.
CREATE TABLE review_actions (
    action       TEXT NOT NULL CHECK (action IN ('done', 'correct', 'erase')),
    deviation_id TEXT NOT NULL,
    field        TEXT,                 -- correct: the column corrected (or 'parties')
    done_by      TEXT NOT NULL,        -- initials or a role (validated: not a person's name)
    done_at      TIMESTAMP NOT NULL,
    note         TEXT
);

-- An erased deviation leaves a tombstone in ingest_log: status 'erased', its id and the
-- sha256 of its files, nothing of its content. A file with those bytes is refused on a later
-- ingest, so an erased form does not come back silently. DuckDB cannot alter a CHECK
-- constraint: the table is rebuilt with the same columns.
CREATE TABLE ingest_log_new (
    logged_at     TIMESTAMP NOT NULL,
    file_name     TEXT NOT NULL,
    source_sha256 TEXT,
    status        TEXT NOT NULL CHECK (status IN ('loaded', 'duplicate', 'rejected', 'erased')),
    reason        TEXT,
    deviation_id  TEXT,
    form_type     TEXT
);
INSERT INTO ingest_log_new SELECT * FROM ingest_log;
DROP TABLE ingest_log;
ALTER TABLE ingest_log_new RENAME TO ingest_log;

-- Where each form stands with its review: reviewed when a 'done' action was recorded after
-- the deviation's last file arrived (a later version, e.g. the answered BUS form, is new text).
CREATE VIEW v_review_status AS
SELECT d.id,
       d.form_type,
       d.redaction_status,
       r.done_at AS reviewed_at,
       r.done_by AS reviewed_by,
       r.done_at IS NOT NULL AS reviewed
FROM deviations d
LEFT JOIN (
    SELECT deviation_id, max(ingested_at) AS last_file_at FROM deviation_versions GROUP BY 1
) v ON v.deviation_id = d.id
LEFT JOIN (
    SELECT deviation_id, arg_max(done_by, done_at) AS done_by, max(done_at) AS done_at
    FROM review_actions WHERE action = 'done' GROUP BY 1
) r ON r.deviation_id = d.id AND r.done_at >= coalesce(v.last_file_at, d.ingested_at);

-- One row per overdue deviation and counterpart (v_answers_overdue joins the counterparts
-- into one text): count per counterpart with GROUP BY counterpart.
CREATE VIEW v_answers_overdue_per_counterpart AS
SELECT s.id,
       s.form_type,
       s.reported_on,
       s.response_due_on,
       s.days_late AS days_overdue,
       c.name AS counterpart,
       c.category AS counterpart_category
FROM v_answer_status s
LEFT JOIN parties c ON c.deviation_id = s.id AND c.role = 'counterpart'
WHERE s.answer_status = 'overdue';
