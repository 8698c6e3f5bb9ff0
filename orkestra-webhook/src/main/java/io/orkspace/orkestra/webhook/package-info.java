/**
 * orkestra-webhook: Netty HTTPS server for CRD conversion and admission (validate/mutate), with certificate handling.
 */
package io.orkspace.orkestra.webhook;
