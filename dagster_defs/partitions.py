"""One dynamic partition per archive dump; the dump sensor adds them."""

import dagster as dg

dumps_partitions = dg.DynamicPartitionsDefinition(name="dumps")
