"""Pages and pictures drawn on the server as plain HTML or SVG, outside Reflex: the offline
pages the service worker keeps (Home, journal, safety plan) and the trend charts."""
