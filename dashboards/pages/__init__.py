"""The dashboard pages. Each module has a ``layout(...)`` function, evaluated per request
so the viewer's language and scope apply, and a ``register_callbacks(dash_app)`` function
that the factory calls for each Dash instance."""
