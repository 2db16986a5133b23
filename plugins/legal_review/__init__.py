"""An example of a department's own moderation step: a review by its legal service.

Installed only where HC_PLUGINS lists it (`HC_PLUGINS=plugins.legal_review`): its task type
then appears in *Settings → Workflows → Tasks* and does nothing until an administrator adds one
to a workflow. See workflows/README.md."""
