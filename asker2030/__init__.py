"""Asker 2030: the application's entry points (the `asker2030` command line). The work is in the packages."""
