"""
Signals by which the lower apps tell the higher ones that pages changed.

`core` and the domain apps (registry, knowledge, home) may not import the
search (discovery), which reads all of them; the search connects these
signals in its `AppConfig.ready()` instead.
"""

from django.dispatch import Signal

# Sent by SearchFacetsMixin.save() after Page.save() has returned, i.e. after
# modelcluster has committed tags and fields of action. Argument: page.
searchable_page_saved = Signal()

# Sent after pages were moved in the tree and the city they belong to was
# updated (registry.signals). Argument: path, the moved page's new tree path.
page_subtree_moved = Signal()
