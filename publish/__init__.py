"""Publish: shape the catalogue for Datasette, serve it read-only, and export it.

Reads the catalogue and blobs of a data directory; writes only the catalogue's
publishing tables, views and indexes (``publish.build``) and export files
(``publish.export``). Imports ``archive`` and no other stage.
"""
