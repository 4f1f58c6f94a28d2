"""Recipient lists in: spreadsheets, CSV and YAML; headings recognised, rows streamed."""
