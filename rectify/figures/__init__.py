"""The figures' reads: SQL aggregates and lists behind the dashboards, the progress report
and the API's ``/dashboard``, and the plugin panels computed on the viewer's records.

Every read is scoped with :mod:`rectify.permissions`. The Dash app (``dashboards/``) draws
these into pages; nothing here imports it.
"""
