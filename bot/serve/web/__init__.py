"""The web console (issue 16): pages for workers and admins, mounted under ``/console``."""
