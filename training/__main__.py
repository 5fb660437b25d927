"""`python3 -m training ...` (see training/cli.py)."""
import sys

from .cli import main

sys.exit(main())
