"""The ``gridbot`` command line (``bot.cli.main``) and its subcommands."""
