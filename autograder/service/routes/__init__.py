"""The API's routes, one module per resource; each module's ``router`` is mounted under the
service's API prefix by :func:`autograder.service.app.create_app`."""
