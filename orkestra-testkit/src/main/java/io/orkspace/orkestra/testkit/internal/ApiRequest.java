package io.orkspace.orkestra.testkit.internal;

import java.util.List;
import java.util.Map;

/** A request as the API layer sees it: no Netty types. */
record ApiRequest(String method, String path, Map<String, List<String>> query, String contentType, String userAgent, byte[] body) {

  String param(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  boolean flag(String name) {
    String v = param(name);
    return v != null && (v.isEmpty() || v.equalsIgnoreCase("true") || v.equals("1"));
  }

  /** The media type without parameters, lower case; null when absent. */
  String mediaType() {
    if (contentType == null) {
      return null;
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
  }

  /** The field manager: the fieldManager parameter, else the user agent's product name, as the API server does. */
  String fieldManager() {
    String fm = param("fieldManager");
    if (fm != null && !fm.isEmpty()) {
      return fm;
    }
    if (userAgent == null || userAgent.isEmpty()) {
      return "unknown";
    }
    int slash = userAgent.indexOf('/');
    return slash > 0 ? userAgent.substring(0, slash) : userAgent;
  }

  boolean dryRun() {
    return "All".equals(param("dryRun"));
  }
}
