"""``python -m qujat`` runs the ``generate`` command."""
from .cli import main

main()
