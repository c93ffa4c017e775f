"""
Search and browse across projects, lessons, articles and news, with facets.

The full-text part is Wagtail's search backend (PostgreSQL with the `german`
configuration in production, SQLite FTS in development). The backend gives us
the matching pages as an ORM queryset, ranked. Facet filters and the counts
next to every facet value come from the facet index (`discovery.facet_index`: one
row per page and facet value), so the number of queries is fixed whatever
the number of results, and small:

* one query for the query's ranked ids (at most MAX_MATERIALISED_IDS),
* one query applying the facet filters to them and reading each page's type,
* one UNION ALL query counting all six facets, and one for the names of the
  cities, fields of action and tags counted,
* one query per page type on the current page of results.

A facet's counts are computed over the results filtered by every *other*
selected facet, with the same condition the facet's link applies, so the
count next to a value is exactly the number of results its link leads to.

See https://docs.wagtail.org/en/stable/topics/search/searching.html
"""
