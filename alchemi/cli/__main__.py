import sys

from alchemi.cli.main import main

sys.exit(main())
