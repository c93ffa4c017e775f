"""
Search and browse across projects, lessons, articles and news, with facets.

The full-text part is the German search in `core.search` (stems, compound
parts, prefixes, typos, synonyms; the same on SQLite and PostgreSQL). It
gives us the ids of the matching pages, ranked. Facet filters and the counts
next to every facet value come from the facet index (`discovery.facet_index`: one
row per page and facet value), so the number of queries is fixed whatever
the number of results, and small:

* the query's ranked ids: one query, plus one for the index's vocabulary
  and one for the synonyms,
* one query applying the facet filters to them and reading each page's type,
* one UNION ALL query counting all six facets, and one for the names of the
  cities, fields of action and tags counted,
* one query per page type on the current page of results.

A facet's counts are computed over the results filtered by every *other*
selected facet, with the same condition the facet's link applies, so the
count next to a value is exactly the number of results its link leads to.

The pages searched are those of the reader's language, the address's
(`query.in_reader_language`): /search/ the German tree, /en/search/ the
English tree and the German pages not translated yet, each page once; the
facets count the same pages.

The copies harvested from partner networks are found beside the pages and
counted under the facet "Netzwerk" (`harvested`): ranked on the same scale
of scores by the German search, their facet values read from their own
columns and added to the pages' counts, so that the rule above holds for
them too.

See https://docs.wagtail.org/en/stable/topics/search/searching.html
"""
