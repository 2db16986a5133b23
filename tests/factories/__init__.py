"""factory_boy factories of the project's models, one module per app: they need the development
packages (factory_boy, wagtail-factories), so they live with the tests, never in the apps."""
