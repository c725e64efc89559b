"""`make bench`: the real stack under load, measured against Django's own floor.

Nothing in config/ or the apps imports this package; it only drives them from
outside, the way production traffic would.
"""
