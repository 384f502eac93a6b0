"""indicators stage."""
