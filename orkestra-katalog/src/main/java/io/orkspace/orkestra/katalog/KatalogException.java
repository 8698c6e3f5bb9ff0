package io.orkspace.orkestra.katalog;

import java.util.List;
import java.util.stream.Collectors;

/** A Katalog (or Komposer) could not be loaded; {@link #problems()} lists every error found in it, not just the first. */
public final class KatalogException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public KatalogException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public KatalogException(Problem problem) {
        this(List.of(problem));
    }

    /** Every problem, in file order. */
    public List<Problem> problems() {
        return problems;
    }
}
