"""A PyTorch ``IterableDataset`` over a verified release (the optional extra ``torch``; imported only when asked for).

Shards, not rows, are split: rank ``r`` of ``world_size``, data-loader worker ``w`` of ``n`` reads the shards whose
index ``i`` (in manifest order) has ``i % (world_size * n) == r * n + w``. Every sample is yielded exactly once across
all workers and ranks, and each worker verifies the shards it reads.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import torch.distributed
import torch.utils.data

if TYPE_CHECKING:
    from provenance.loader.release import Shard, VerifiedRelease


class ReleaseIterableDataset(torch.utils.data.IterableDataset):
    """Row dicts (column -> Python value) of the verified, unwithdrawn samples of this rank's and worker's shards."""

    def __init__(
        self,
        release: VerifiedRelease,
        columns: Sequence[str] | None = None,
        *,
        rank: int | None = None,
        world_size: int | None = None,
        batch_size: int = 1024,
    ):
        super().__init__()
        distributed = torch.distributed.is_available() and torch.distributed.is_initialized()
        self.world_size = (
            world_size if world_size is not None else (torch.distributed.get_world_size() if distributed else 1)
        )
        self.rank = rank if rank is not None else (torch.distributed.get_rank() if distributed else 0)
        if self.world_size < 1 or not 0 <= self.rank < self.world_size:
            raise ValueError(f"rank {self.rank} of world_size {self.world_size}: need 0 <= rank < world_size")
        self.release = release
        self.columns = tuple(columns) if columns is not None else None
        self.batch_size = batch_size

    def shards_for(self, worker_id: int = 0, num_workers: int = 1) -> list[Shard]:
        """The shards one worker of this rank reads."""
        total = self.world_size * num_workers
        me = self.rank * num_workers + worker_id
        return [s for i, s in enumerate(self.release.shards) if i % total == me]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        info = torch.utils.data.get_worker_info()
        shards = self.shards_for(info.id, info.num_workers) if info is not None else self.shards_for()
        for batch in self.release.iter_batches(columns=self.columns, batch_size=self.batch_size, shards=shards):
            yield from batch.to_pylist()
