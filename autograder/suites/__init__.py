"""Hidden test suites, one module per assignment. Never shipped to students."""
