"""Synthetic Tibet-shaped populations for benchmarks and demos (``generate``) and their bulk loading (``load``)."""
