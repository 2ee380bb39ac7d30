"""The Qt station app: thin widgets over the services; the only package that imports Qt.

Nothing here talks to the database on the GUI thread: see app.ui.tasks.
"""
