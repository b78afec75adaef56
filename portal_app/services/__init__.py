"""Domain logic. Plain Python: never imports reflex or starlette."""
