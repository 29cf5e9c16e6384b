"""The archive: content-addressed blobs and the SQLite catalogue that every stage shares.

Reads and writes only the data directory (``archive.db`` and ``blobs/``). It imports
no other stage: the scraper, the extractor and the publisher all hand over through it.
"""
