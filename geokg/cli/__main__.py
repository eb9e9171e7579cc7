"""``python -m geokg.cli``: the same as the ``geokg`` command."""
from geokg.cli import main

main()
