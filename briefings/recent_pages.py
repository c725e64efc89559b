"""The cached pages this process served last, kept in its own memory."""

import threading
from collections import OrderedDict


class RecentPages:
    """Page entries by cache key, least recently used dropped past `max_bytes`."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.entries = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        size = len(entry[0])
        if size > self.max_bytes // 16:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = entry
            self.size += size
            while self.size > self.max_bytes:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped[0])

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0
