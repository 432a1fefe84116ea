-- Analysis views for the follow-up (LGS quarterly, Lex Heller delårsrapport, BUS annual
-- report) and the log of aggregate exports. Documented in docs/analysis.md.
-- Views count deviations with a reported_on date; a form without one is in no period.

CREATE VIEW v_deviations_per_month AS
SELECT CAST(date_trunc('month', reported_on) AS DATE) AS month,
       year(reported_on) AS year,
       form_type,
       count(*) AS deviations
FROM deviations
WHERE reported_on IS NOT NULL
GROUP BY ALL;

CREATE VIEW v_deviations_per_quarter AS
SELECT year(reported_on) AS year,
       quarter(reported_on) AS quarter,
       year(reported_on) || 'Q' || quarter(reported_on) AS period,
       form_type,
       count(*) AS deviations
FROM deviations
WHERE reported_on IS NOT NULL
GROUP BY ALL;

CREATE VIEW v_deviations_per_year AS
SELECT year(reported_on) AS year,
       form_type,
       count(*) AS deviations
FROM deviations
WHERE reported_on IS NOT NULL
GROUP BY ALL;

-- Reporting party → counterpart party, one row per pair of names (a deviation counts once
-- per pair even if a name is repeated on the form).
CREATE VIEW v_party_pairs AS
SELECT d.form_type,
       r.category AS reporting_category,
       r.name     AS reporting_name,
       c.category AS counterpart_category,
       c.name     AS counterpart_name,
       count(DISTINCT d.id) AS deviations
FROM deviations d
JOIN parties r ON r.deviation_id = d.id AND r.role = 'reporting'
JOIN parties c ON c.deviation_id = d.id AND c.role = 'counterpart'
GROUP BY ALL;

CREATE VIEW v_party_pairs_by_category AS
SELECT d.form_type,
       r.category AS reporting_category,
       c.category AS counterpart_category,
       count(DISTINCT d.id) AS deviations
FROM deviations d
JOIN parties r ON r.deviation_id = d.id AND r.role = 'reporting'
JOIN parties c ON c.deviation_id = d.id AND c.role = 'counterpart'
GROUP BY ALL;

-- Where each deviation stands with its answer on the day `as_of`:
--   BUS        answered_on_time / answered_late (response_received_on vs response_due_on),
--              overdue (no response_received_on and as_of > response_due_on), not_yet_due.
--   Lex Heller has no answer date. "Avvikelsen är löst: Ja" closes it (resolved, never
--              overdue); "Nej" or not ticked stays open: overdue once as_of > response_due_on,
--              else not_yet_due. A later version of the form with "Ja" closes it.
--   Västbus    has no answer field: not_applicable (follow it with v_vastbus_escalation).
--   No reported_on (so no due date): no_due_date.
CREATE MACRO answer_status_as_of(as_of) AS TABLE
SELECT d.id,
       d.form_type,
       d.reported_on,
       d.response_due_on,
       d.response_received_on,
       d.resolved,
       CASE
           WHEN d.form_type = 'vastbus' THEN 'not_applicable'
           WHEN d.form_type = 'bus' AND d.response_received_on IS NOT NULL THEN
               CASE WHEN d.response_due_on IS NULL OR d.response_received_on <= d.response_due_on
                    THEN 'answered_on_time' ELSE 'answered_late' END
           WHEN d.form_type = 'lex_heller' AND d.resolved THEN 'resolved'
           WHEN d.response_due_on IS NULL THEN 'no_due_date'
           WHEN CAST(as_of AS DATE) > d.response_due_on THEN 'overdue'
           ELSE 'not_yet_due'
       END AS answer_status,
       CASE
           WHEN d.form_type = 'vastbus' OR d.response_due_on IS NULL THEN NULL
           WHEN d.form_type = 'bus' AND d.response_received_on IS NOT NULL THEN
               greatest(d.response_received_on - d.response_due_on, 0)
           WHEN d.form_type = 'lex_heller' AND d.resolved THEN NULL
           ELSE greatest(CAST(as_of AS DATE) - d.response_due_on, 0)
       END AS days_late
FROM deviations d;

CREATE VIEW v_answer_status AS
SELECT * FROM answer_status_as_of(current_date);

CREATE VIEW v_answers_overdue AS
SELECT s.id, s.form_type, s.reported_on, s.response_due_on, s.days_late AS days_overdue,
       (SELECT string_agg(c.name, '; ' ORDER BY c.position) FROM parties c
         WHERE c.deviation_id = s.id AND c.role = 'counterpart') AS counterparts
FROM v_answer_status s
WHERE s.answer_status = 'overdue';

CREATE VIEW v_vastbus_escalation AS
SELECT year(reported_on) AS year,
       quarter(reported_on) AS quarter,
       year(reported_on) || 'Q' || quarter(reported_on) AS period,
       local_group,
       coalesce(escalation_level, 'not_given') AS escalation_level,
       count(*) AS deviations
FROM deviations
WHERE form_type = 'vastbus' AND reported_on IS NOT NULL
GROUP BY ALL;

CREATE VIEW v_lex_heller_severity AS
SELECT year(reported_on) AS year,
       quarter(reported_on) AS quarter,
       year(reported_on) || 'Q' || quarter(reported_on) AS period,
       coalesce(severity, 'not_given') AS severity,
       count(*) AS deviations,
       count(*) FILTER (resolved) AS resolved,
       count(*) FILTER (NOT resolved) AS not_resolved,
       count(*) FILTER (resolved IS NULL) AS resolved_not_given,
       round(count(*) FILTER (resolved) / nullif(count(*) FILTER (resolved IS NOT NULL), 0), 3) AS share_resolved
FROM deviations
WHERE form_type = 'lex_heller' AND reported_on IS NOT NULL
GROUP BY ALL;

CREATE VIEW v_lex_heller_resolved_share AS
SELECT year(reported_on) AS year,
       quarter(reported_on) AS quarter,
       year(reported_on) || 'Q' || quarter(reported_on) AS period,
       count(*) AS deviations,
       count(*) FILTER (resolved) AS resolved,
       count(*) FILTER (resolved IS NOT NULL) AS answered,
       round(count(*) FILTER (resolved) / nullif(count(*) FILTER (resolved IS NOT NULL), 0), 3) AS share_resolved
FROM deviations
WHERE form_type = 'lex_heller' AND reported_on IS NOT NULL
GROUP BY ALL;

-- Every file an aggregate export wrote. A scheduled run is identified by (schedule,
-- scheduled_for): the cron time it stands for, so a run is never repeated and a missed
-- one is caught up (pipelines/schedule.py).
CREATE TABLE exports (
    export_id        TEXT NOT NULL,       -- one run of the export (several files)
    period           TEXT NOT NULL,       -- canonical: 2026Q3, 2026, 2026-01..2026-06
    period_start     DATE NOT NULL,
    period_end       DATE NOT NULL,       -- inclusive
    kind             TEXT NOT NULL CHECK (kind IN ('csv', 'parquet', 'xlsx', 'html')),
    table_name       TEXT,                -- for csv/parquet: which aggregate
    path             TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    row_count        INTEGER NOT NULL,    -- data rows written (all sheets/tables for xlsx/html)
    deviation_count  INTEGER NOT NULL,    -- deviations in the period (before suppression)
    suppressed_cells INTEGER NOT NULL,
    trigger          TEXT NOT NULL CHECK (trigger IN ('manual', 'scheduled')),
    schedule         TEXT,                -- name in settings.export.schedules (scheduled only)
    scheduled_for    TIMESTAMP            -- the cron time this run stands for (scheduled only)
);
