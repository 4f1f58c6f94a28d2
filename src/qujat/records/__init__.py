"""Meeting records: the schema, YAML with positions, multilingual text, checking."""
