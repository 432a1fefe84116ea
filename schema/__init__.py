"""The shared vocabulary of avvik: records, enumerations, raw forms, templates and errors.

Every layer (ingest, anonymize, warehouse, pipelines) may import this package;
this package imports none of them.
"""
