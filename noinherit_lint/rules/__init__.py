"""Rule families, one module each; importing this package registers every rule.

| module | codes | what |
|---|---|---|
| `creation` | NIH101–NIH106 | handles created inheritable on Python < 3.4 |
| `inheritable` | NIH201–NIH205 | handles inheritable on every version |
| `spawn` | NIH301–NIH303 | spawners that pass inheritable handles on |
| `fork` | NIH401–NIH403 | fork without exec |
"""

from noinherit_lint.rules import creation, fork, inheritable, spawn  # noqa: F401

FAMILIES = (creation, inheritable, spawn, fork)
