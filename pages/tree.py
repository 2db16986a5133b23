"""The geometry of the page tree (home, departments, communes), in one place for every app:
Treebeard's materialised paths."""

from __future__ import annotations

# Treebeard's materialised path: each level of the tree adds 4 characters.
PATH_STEP = 4
# The root is depth 1, the national home 2, its departments 3, their communes 4.
DEPARTMENT_DEPTH = 3
COMMUNE_DEPTH = 4
DEPARTMENT_PATH_LENGTH = DEPARTMENT_DEPTH * PATH_STEP
COMMUNE_PATH_LENGTH = COMMUNE_DEPTH * PATH_STEP
