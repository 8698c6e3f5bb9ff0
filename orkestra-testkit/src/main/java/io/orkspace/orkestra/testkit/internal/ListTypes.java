package io.orkspace.orkestra.testkit.internal;

import java.util.List;

/** Tells how a list found at a path of field names merges: atomic, a set of scalars, or a map keyed by fields. */
public interface ListTypes {

  /** The list type at a path of field names from the object root (list items add no element to the path). */
  ListType at(List<String> path);

  /** A list's merge behaviour. */
  record ListType(Kind kind, List<String> keys) {
    static final ListType ATOMIC = new ListType(Kind.ATOMIC, List.of());
    static final ListType SET = new ListType(Kind.SET, List.of());

    static ListType map(String... keys) {
      return new ListType(Kind.MAP, List.of(keys));
    }

    enum Kind { ATOMIC, SET, MAP }
  }
}
