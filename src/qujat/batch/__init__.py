"""Batch printing: the run (combined or split), the run sheet, progress."""
