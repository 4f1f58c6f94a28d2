"""Batch printing: the run (combined or split), the batch register, progress."""
