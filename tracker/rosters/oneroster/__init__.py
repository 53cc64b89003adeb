"""OneRoster CSV roster import (1.1 and 1.2): files, mapping, dry run, apply, pages and command."""
