/**
 * orkestra-launcher: The `orkestra` command line (picocli) and its fat jar.
 */
package io.orkspace.orkestra.launcher;
