"""Reading CIN census returns into typed canonical tables (see :mod:`cpmonitor.census.tables`)."""
