"""`avvik export`: the aggregate export of a period, with small counts protected.

- `period` — the periods people ask for (2026Q3, 2026, 2026-03, 2026-01..2026-06).
- `suppression` — primary and secondary cell suppression of the counts.
- `data` — `ExportData`, what one export shows; shared by the writer and the reports.
- `writer` — computes an export and writes its files (CSV, Parquet, the workbook, the report).
- `report_html`, `report_xlsx` — the steering group's report and the secretariat's workbook.
- `schedule` — which scheduled exports are due, for the watch service.
"""
