"""The leads app's pages, a module per subject."""
