"""
Queries and bytes per request of a Django site, counted in its own process.

Run with the site's Python in its directory, with its settings in the
environment, e.g. for bakerydemo (scripts/benchmark_compare.py does this):

    scripts/bakerydemo_setup.sh run /work/ext/bakerydemo python scripts/bakerydemo_probe.py / /blog/

Prints one JSON object: {"paths": {path: {"status", "queries", "bytes"}},
"versions": {"django", "wagtail"}, "pages": number of Wagtail pages}. Each path is
requested twice first (Wagtail's site root and similar per-process caches), then
counted once with Django's test client, as scripts/benchmark_compare.py counts ours.
Uses only Django, so it runs with any Django version the site has.
"""

import json
import os
import sys

sys.path.insert(0, os.getcwd())


def main(paths):
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    figures = {}
    for path in paths:
        for _warm_up in range(2):
            client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        # Counted as the block ends: the next request clears the connection's log.
        figures[path] = {
            "status": response.status_code,
            "queries": len(captured.captured_queries),
            "bytes": len(response.content),
        }
    versions = {"django": django.__version__}
    pages = None
    try:
        import wagtail
        from wagtail.models import Page

        versions["wagtail"] = wagtail.__version__
        pages = Page.objects.count()
    except ImportError:
        pass
    print(json.dumps({"paths": figures, "versions": versions, "pages": pages}))


if __name__ == "__main__":
    main(sys.argv[1:])
