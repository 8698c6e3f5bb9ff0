/**
 * The public SPI of Orkestra: what a Java hook implements ({@link io.orkspace.orkestra.api.Hook}), what it receives
 * ({@link io.orkspace.orkestra.api.HookContext}) and what it returns ({@link io.orkspace.orkestra.api.HookResult}).
 *
 * <p>Small and stable by design: it depends on the fabric8 model and client API and on SLF4J, nothing of
 * Orkestra's own. {@code HookApiTest} lists every public type and method, so an accidental change fails the build.
 */
package io.orkspace.orkestra.api;
