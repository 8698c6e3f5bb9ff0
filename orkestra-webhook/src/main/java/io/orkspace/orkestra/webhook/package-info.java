/**
 * orkestra-webhook: declarative CRD conversion and admission for a Katalog, served over HTTPS.
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link io.orkspace.orkestra.webhook.Converter}: converts an object between the versions of a CRD with the
 *       entry's {@code conversion.paths} (shortest chain of paths when no direct one exists).</li>
 *   <li>{@link io.orkspace.orkestra.webhook.Admission}: an entry's {@code validation}/{@code mutation} rules,
 *       {@code webhooks.operations} and namespace lists, as plain functions on a custom resource (the engine calls
 *       them at reconcile time too).</li>
 *   <li>{@link io.orkspace.orkestra.webhook.ConversionReviewHandler} and
 *       {@link io.orkspace.orkestra.webhook.AdmissionReviewHandler}: review JSON in, review JSON out.</li>
 *   <li>{@link io.orkspace.orkestra.webhook.WebhookServer} with {@link io.orkspace.orkestra.webhook.Certificates}
 *       and {@link io.orkspace.orkestra.webhook.WebhookOptions}: the Netty HTTPS server.</li>
 *   <li>{@link io.orkspace.orkestra.webhook.WebhookConfigurations}: the CRD conversion block and webhook
 *       configurations a registration applies.</li>
 *   <li>{@link io.orkspace.orkestra.webhook.ConversionCheck}: the round trip behind {@code orkestra convert --check}.</li>
 * </ul>
 *
 * <pre>{@code
 * Katalog katalog = KatalogLoader.create().load(Path.of("katalog.yaml"));
 * Certificates certs = Certificates.selfSigned(Certificates.serviceDnsNames("orkestra", "orkestra-system"));
 * try (WebhookServer server = WebhookServer.start(katalog, certs, WebhookOptions.DEFAULTS)) {
 *     WebhookConfigurations wanted = WebhookConfigurations.of(katalog,
 *             WebhookClient.service("orkestra-system", "orkestra", 443), certs.caBundleBase64());
 *     // apply wanted.crdConversion(entry), wanted.validating(), wanted.mutating() ...
 * }
 * }</pre>
 *
 * Everything in {@code .internal} is an implementation detail.
 */
package io.orkspace.orkestra.webhook;
