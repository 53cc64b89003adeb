"""School-wide settings that an admin can change (thresholds, separation of duties)."""
