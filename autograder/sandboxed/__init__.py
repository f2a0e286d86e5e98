"""UNTRUSTED side: code that runs beside student code (the grading driver and the
warm worker in the sandbox, the in-notebook ``check()``). Nothing on the trusted
side imports from here (tests/test_layout.py)."""
