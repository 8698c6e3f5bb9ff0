/**
 * orkestra-komposer: Resolves a Komposer into one Katalog: local files, OCI artifacts, Helm chart repositories.
 */
package io.orkspace.orkestra.komposer;
