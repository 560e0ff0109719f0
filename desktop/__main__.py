"""`python -m desktop`: the offline environment is set by importing the package first."""

import sys

import desktop  # noqa: F401  (sets the offline environment before anything else)
from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
