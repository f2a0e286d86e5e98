"""Backends that run a job somewhere and stream its results back under limits: the
contract (base), a plain subprocess, the warm bubblewrap pool, the sandbox and
its memory cgroups, and the factory that picks one."""
