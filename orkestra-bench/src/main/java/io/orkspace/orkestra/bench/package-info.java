/**
 * orkestra-bench: Benchmarks (JMH) and side-by-side comparison harnesses. Not part of the default test run.
 */
package io.orkspace.orkestra.bench;
