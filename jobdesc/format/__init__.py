"""Stage 0: the organisation's format. Reads the YAML folder (with line and column), validates
each file against its models, runs the cross-file rules, and gives one `Organisation`, or every
mistake as file:line:col. Nothing here knows about outputs, the build or the command line.

yaml_reader (safe YAML with locations) → loader (files → models, `loaded`) → *_models (one module
per concern: positions, processes and approvals, meetings, chapters) → rules and *_rules (the
cross-file rules per concern) → organisation (the validated whole and its derived facts).
"""
