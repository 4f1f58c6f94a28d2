"""The minutes: typed blocks composed from a record, written into a DOCX over a reference document."""
