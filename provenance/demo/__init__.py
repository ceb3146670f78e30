"""Realistic synthetic archive dumps, their contracts, and the ground truth that tests check stages against."""
