"""The verified reader trainers use: open a signed release with a trusted key and read only verified, unwithdrawn rows.

::

    from provenance.loader import open_release

    release = open_release("releases/r-0123456789ab", public_key="publisher.pub.pem")
    for batch in release.iter_batches(columns=["sample_id", "text"]):
        ...

``release.to_hf_dataset()``, ``release.to_hf_iterable_dataset()`` and ``release.torch_dataset()`` give the same
rows to Hugging Face ``datasets`` and PyTorch (optional extras ``hf`` and ``torch``; imported only when called).
Any failed check raises :class:`ReleaseVerificationError` naming the file and the problem.
"""

from provenance.loader.release import ReleaseVerificationError, VerifiedRelease, open_release

__all__ = ["ReleaseVerificationError", "VerifiedRelease", "open_release"]
