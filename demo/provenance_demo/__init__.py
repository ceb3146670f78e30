"""Realistic synthetic archive dumps, their contracts, and the ground truth that tests check stages against."""


def generate_demo(*args, **kwargs):
    """See :func:`provenance_demo.generate.generate_demo` (imported lazily: Faker is slow to import)."""
    from provenance_demo.generate import generate_demo as generate

    return generate(*args, **kwargs)
