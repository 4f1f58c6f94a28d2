"""The award registry: unique numbers, once-per-person awards, signed and verifiable certificates."""
