"""``python -m qujat`` runs the ``generate`` command."""
from qujat.cli import main

if __name__ == "__main__":
    main()
