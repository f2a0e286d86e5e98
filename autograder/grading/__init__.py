"""TRUSTED pipeline: sanitize a notebook, grade it (pipeline), grade many (batch),
the result records, their renderings and reports, and the gradebook."""
