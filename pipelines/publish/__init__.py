"""Publish: the month's package (indicators.csv + manifest.json), and the province it is pushed to (province/)."""
