"""Apps that add to the platform without changing it: a department's own moderation step,
for instance. Each one is a Django app of its own, installed where HC_PLUGINS lists it
(see workflows/README.md)."""
