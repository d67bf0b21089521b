"""Pages that only the benchmark's server has (``CARECIRCLE_BENCHMARK=1``, never in
production): the floor every page is measured against, the same floor laid out as a page
with its audit entry, and the youth profile with its audit entry left out, to measure what
the audit write costs. See docs/benchmarks.md."""
