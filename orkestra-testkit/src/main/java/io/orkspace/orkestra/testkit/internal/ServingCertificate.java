package io.orkspace.orkestra.testkit.internal;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The API server's TLS identity for HTTPS: a CA generated at start (ECDSA P-256, fast to make) and a serving certificate
 * it signs for the bound host, localhost, 127.0.0.1 and ::1. Clients trust the CA ({@code certificate-authority-data}).
 *
 * @param caPem the CA certificate, PEM
 * @param context the Netty server context
 */
public record ServingCertificate(String caPem, SslContext context) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Generates the CA and a serving certificate for host. */
  public static ServingCertificate generate(String host) {
    try {
      KeyPair caKey = keyPair();
      KeyPair key = keyPair();
      Instant now = Instant.now();
      Date from = Date.from(now.minus(Duration.ofHours(1)));
      Date to = Date.from(now.plus(Duration.ofDays(365)));
      X500Name caName = new X500Name("CN=orkestra-embedded-ca,O=orkestra");
      X509Certificate ca = sign(new JcaX509v3CertificateBuilder(caName, serial(), from, to, caName, caKey.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)), caKey);
      List<GeneralName> san = new ArrayList<>();
      san.add(new GeneralName(GeneralName.dNSName, "localhost"));
      san.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
      san.add(new GeneralName(GeneralName.iPAddress, InetAddress.getByName("::1").getHostAddress()));
      if (host != null && !host.isBlank() && !host.equals("localhost") && !host.equals("127.0.0.1") && !host.equals("0.0.0.0")) {
        boolean ip = host.chars().allMatch(c -> Character.isDigit(c) || c == '.') || host.contains(":");
        san.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
      }
      X509Certificate cert = sign(new JcaX509v3CertificateBuilder(ca, serial(), from, to, new X500Name("CN=orkestra-embedded-apiserver"),
          key.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(new GeneralName[0]))), caKey);
      SslContext context = SslContextBuilder.forServer(key.getPrivate(), cert, ca).protocols("TLSv1.3", "TLSv1.2").build();
      return new ServingCertificate(pem(ca), context);
    } catch (Exception e) {
      throw new IllegalStateException("cannot generate the embedded API server's certificate: " + e.getMessage(), e);
    }
  }

  /** The CA as kubeconfig's {@code certificate-authority-data} and fabric8's caCertData take it. */
  public String caBase64() {
    return Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
  }

  private static KeyPair keyPair() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return g.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(96, RANDOM).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) throws Exception {
    return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
  }

  private static String pem(X509Certificate cert) throws Exception {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded());
    return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
  }
}
