"""One spider per source: cancercentrum.se and socialstyrelsen.se.

Reads web pages; writes nothing (items go to ``scraper.pipelines``).
"""
