"""
`update_index`'s writing in a thread of its own, beside the analysis.

Rebuilding the index at 20,000 projects is half Python (loading the pages and
analysing their text, one core) and half PostgreSQL (storing two million
terms through their indexes, the other core). One after the other, each waits
for the other. Here the command's own thread loads and analyses each chunk of
pages, and hands the analysed text to a writer thread, which holds the
rebuild's transaction in a connection of its own: the old index stays what
readers see until the writer commits the new one.

At most two analysed chunks wait for the writer, so memory stays bounded. If
the writer fails, the next hand-over raises its error; if the analysis fails,
the writer is left waiting (a daemon thread) and its transaction is rolled
back when the process ends, so the old index stays whole either way.
"""

import queue
import threading

from django.db import connections, transaction

FINISHED = object()


class BackgroundWriter:
    """The index as `update_index` sees it: `add_items` analyses here and writes there."""

    def __init__(self, index, *, waiting: int = 2):
        self.index = index
        self.chunks = queue.Queue(maxsize=waiting)
        self.error = None
        self.thread = threading.Thread(target=self.run, name="search-index-writer", daemon=True)

    def __getattr__(self, name):
        return getattr(self.index, name)

    def start(self):
        self.thread.start()
        return self

    def add_items(self, model, items):
        self.hand_over(self.index.analyse(model, items))

    def finish(self):
        self.hand_over(FINISHED)
        self.thread.join()
        self.raise_failure()

    def hand_over(self, chunk):
        while True:
            self.raise_failure()
            try:
                self.chunks.put(chunk, timeout=1)
                return
            except queue.Full:
                continue

    def raise_failure(self):
        if self.error is not None:
            raise RuntimeError("Writing the search index failed; the old index is kept.") from (
                self.error
            )

    def run(self):
        alias = self.index.alias
        try:
            with transaction.atomic(using=alias):
                self.index.reset()
                while (chunk := self.chunks.get()) is not FINISHED:
                    self.index.write(*chunk)
        except BaseException as error:  # handed to the command's thread
            self.error = error
        finally:
            connections[alias].close()
