"""Starlette routes and middleware mounted into the Reflex backend through api_transformer."""
