"""An example of a department's own moderation step: a review by its legal service.

Installed and harmless: the task type appears in *Settings → Workflows → Tasks* and does
nothing until an administrator adds one to a workflow. See workflows/README.md."""
