package io.orkspace.orkestra.katalog;

import java.nio.file.Path;

/**
 * Where something was written: a file and a 1-based line and column.
 *
 * @param file   the file, or {@code null} when the source was not a file
 * @param line   1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 */
public record Location(Path file, int line, int column) {

    /** A location for things that were not read from a file (defaults, programmatic models). */
    public static final Location UNKNOWN = new Location(null, 0, 0);

    /** {@code katalog.yaml:14:9}; just the file name, as editors and CI logs print it. */
    @Override
    public String toString() {
        String name = file == null ? "<input>" : file.toString();
        return line <= 0 ? name : name + ":" + line + ":" + column;
    }
}
