"""The hub-managed grading service: REST API, storage and background grading."""
