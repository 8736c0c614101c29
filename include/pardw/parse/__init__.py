"""Report parsing: bytes -> text -> typed records (see ``records``). Pure Python, no I/O besides reading files."""
