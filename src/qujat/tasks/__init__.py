"""Use cases that join the layers below: a record's certificates, one certificate, checking a record."""
