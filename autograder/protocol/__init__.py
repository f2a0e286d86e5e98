"""What crosses the trust boundary: the wire format, calls and their outcomes, and
``perform`` (one call on a namespace, used on both sides so that student and
reference outputs are encoded identically)."""
