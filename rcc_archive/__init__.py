"""The ``rcc-archive`` command: the one place that knows every stage and runs them in order.

Reads command-line options and the environment (``RCC_ARCHIVE_DATA``); writes through the
stages it calls.
"""
