"""anonymize layer."""
