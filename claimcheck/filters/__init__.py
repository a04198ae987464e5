"""Stage 7: filters between the rules and the report (inline suppressions, per-path
config overrides).  Checks never see them; they only drop or re-grade findings."""
