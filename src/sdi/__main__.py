"""Lets `python -m sdi` behave exactly like the `sdi` console script."""

from __future__ import annotations

import sys

from sdi.cli import main

sys.exit(main())
