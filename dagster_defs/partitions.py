"""One dynamic partition per archive dump; the dump sensor adds them."""

import warnings

import dagster as dg

# Checks partitioned like their asset (one result per dump) are a Dagster preview feature;
# we rely on it knowingly, so its warning would only be noise in every command's output.
warnings.filterwarnings("ignore", category=dg.PreviewWarning, message=".*partitions_def on an AssetCheckSpec.*")

DUMPS = "dumps"
dumps_partitions = dg.DynamicPartitionsDefinition(name=DUMPS)
