"""Publishing a department or commune page queues the rebuild of its kit."""

from . import services


def rebuild_on_publish(sender, instance, **kwargs):
    if services.has_kit(instance):
        services.queue_kit_on_commit(instance)
