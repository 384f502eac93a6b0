"""The county's offline HTML report: figures from the warehouse, charts as inline SVG, one self-contained page."""
