/**
 * JUnit 5 support for testing operators with Orkestra: {@link io.orkspace.orkestra.junit.OrkestraTest} gives a test
 * class an embedded API server and an {@link io.orkspace.orkestra.junit.OrkestraHarness} to start engines on it, create
 * objects, await conditions without sleeps and count the writes a reconcile made.
 */
package io.orkspace.orkestra.junit;
