"""`avvik watch`: the inbox service.

- `service` — the loop: take complete files from the inbox, process them in batches, move
  each to `archive/` or `rejected/`, publish the analysts' snapshot, run scheduled exports.
- `inbox` — the folders: which files are complete, moving them, reason files.
- `state` — what the service leaves for people and `avvik status`: the lock, the log, its state.
"""
