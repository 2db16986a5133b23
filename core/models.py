"""The models of the shared mechanisms."""
