"""Dashboard pages: the figures, the repeat-plan cohort, a child's timeline, data quality."""
