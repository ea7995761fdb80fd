"""The domain: models, services (the only code that writes), selectors (reads).

Layer rule: nothing here imports ``flask.request``, ``api`` or ``rq``. Code in this
package runs the same from a shell, a background job or a test. User-visible
messages are marked with :func:`labour.i18n.N_` and translated by the caller.
"""
