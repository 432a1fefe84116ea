"""The styles set of `avvik eval-pii`: every *.jsonl here (one labelled sentence a line, as heldout.jsonl)."""
