"""Support groups: the groups a clinic runs (groups.py), who is in them and under which name
(membership.py), and the moderated space each has (posts.py). A group is not part of anyone's
record: the per-patient gate does not apply; membership is the gate, checked on every read."""
