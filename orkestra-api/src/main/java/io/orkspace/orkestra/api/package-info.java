/**
 * orkestra-api: The public SPI: hook interfaces, the hook context and result types. Depends on the fabric8 model only.
 */
package io.orkspace.orkestra.api;
