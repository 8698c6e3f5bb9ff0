package io.orkspace.orkestra.testkit.internal;

import java.security.SecureRandom;
import java.util.Set;
import java.util.regex.Pattern;

/** Object name rules per kind, and generateName suffixes. */
final class Names {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Set<String> LABEL_NAMED = Set.of("/namespaces", "/services");
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Names() {}

  /** 422 Invalid naming the rule, as the API server words it. */
  static void validate(ResourceType type, String name) {
    if (type.group().equals("rbac.authorization.k8s.io")) {
      if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("%")) {
        throw ApiException.invalid(type, name, "metadata.name", "Invalid value: \"" + name + "\": may not contain '/' or '%' and may not be '.' or '..'", "FieldValueInvalid");
      }
      return;
    }
    if (LABEL_NAMED.contains(type.storageKey())) {
      if (name.length() > 63 || !LABEL.matcher(name).matches()) {
        throw ApiException.invalid(type, name, "metadata.name", "Invalid value: \"" + name + "\": a lowercase RFC 1123 label must consist of lower case "
            + "alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
            + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')", "FieldValueInvalid");
      }
      return;
    }
    if (name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
      throw ApiException.invalid(type, name, "metadata.name", "Invalid value: \"" + name + "\": a lowercase RFC 1123 subdomain must consist of lower case "
          + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
          + "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')", "FieldValueInvalid");
    }
  }

  static String generate(String prefix) {
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < 5; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
