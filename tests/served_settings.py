"""
Settings for app servers that tests start as processes of their own
(tests/config/test_two_processes.py): the development settings with DEBUG
off, as production runs, but without HTTPS and without collected static
files. The database, the cache and the page cache come from the environment
as in production (config.settings.base).
"""

from config.settings.dev import *  # noqa: F403

DEBUG = False
