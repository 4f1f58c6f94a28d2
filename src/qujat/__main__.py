"""``python -m qujat`` runs the ``generate`` command."""
from qujat.cli import main

main()
