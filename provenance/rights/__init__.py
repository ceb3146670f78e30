"""Rights clearing: licence resolution, rights holders' opt-outs and machine-readable TDM reservations, with evidence."""
