"""The crawl stage: Scrapy spiders that find the RCC plan pages and every document they link.

Reads web pages (the live sites, or a wget-layout mirror of them); writes only through
``archive`` (blobs and catalogue rows), from its pipeline and fetch-recording middleware.
"""
