"""The write workflows of the leads app, one module (or package) per subject.

Importing this package imports none of them: each is imported by name.
"""
