#!/usr/bin/env bash
# Ingest ../shared/calibration/forms into a throw-away warehouse and print the scorer's summary.
#   bench/calibration.sh [--full]      (make calibration)
# A measurement, not a test: the project passes its tests without ../shared. The calibration
# files and their truth are never copied into the project.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
calib="${AVVIK_CALIBRATION:-$here/../shared/calibration}"
if [ ! -d "$calib/forms" ] || [ ! -f "$calib/score.py" ]; then
  echo "Ingen kalibreringskorpus i $calib (../shared/calibration saknas); inget att mäta." >&2
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/in"
cp "$calib"/forms/* "$work/in/"
"$here/.venv/bin/avvik" ingest "$work/in" --db "$work/w.duckdb" --home "$work/home" --json > "$work/ingest.json" 2> "$work/err.txt" || true
if [ "${1:-}" = "--full" ]; then
  "$here/.venv/bin/python" "$calib/score.py" "$work/w.duckdb" --ingest-json "$work/ingest.json"
else
  "$here/.venv/bin/python" "$calib/score.py" "$work/w.duckdb" --ingest-json "$work/ingest.json" --quiet | tail -1
fi
