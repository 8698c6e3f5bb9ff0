/**
 * Implementation of orkestra-webhook: JSON limits, field paths and diffs, PEM and certificate generation, the Netty
 * pipeline (initializer, request deadline, bounded aggregator, request handler) and the router. Not an API.
 */
package io.orkspace.orkestra.webhook.internal;
