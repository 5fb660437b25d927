"""Tools: converters, benches, goldens, clients; each runs as `python3 scripts/NAME.py` or `python -m scripts.NAME`."""
