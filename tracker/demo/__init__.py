"""The demo school: a believable, deterministic school to click through."""
