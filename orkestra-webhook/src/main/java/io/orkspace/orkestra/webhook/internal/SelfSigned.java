package io.orkspace.orkestra.webhook.internal;

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
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A CA and a serving certificate signed by it, generated in memory (ECDSA P-256: fast to generate, accepted by the
 * API server). The serving certificate names every DNS name given plus localhost, 127.0.0.1 and ::1.
 */
public final class SelfSigned {

    /** The generated material. */
    public record Material(X509Certificate ca, X509Certificate certificate, KeyPair key) {
    }

    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration CERT_VALIDITY = Duration.ofDays(365);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SelfSigned() {
    }

    public static Material generate(List<String> dnsNames) {
        try {
            KeyPair caKey = keyPair();
            KeyPair servingKey = keyPair();
            Instant now = Instant.now();
            Date from = Date.from(now.minus(Duration.ofHours(1))); // tolerate clock skew between nodes
            X500Name caName = new X500Name("CN=orkestra-webhook-ca,O=orkestra");
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();

            X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(), from,
                    Date.from(now.plus(CA_VALIDITY)), caName, caKey.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKey.getPublic()));
            X509Certificate caCert = sign(ca, caKey);

            Set<String> names = new LinkedHashSet<>();
            dnsNames.stream().filter(n -> n != null && !n.isBlank()).forEach(n -> names.add(n.strip()));
            names.add("localhost");
            List<GeneralName> san = new ArrayList<>();
            names.forEach(n -> san.add(new GeneralName(GeneralName.dNSName, n)));
            san.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            san.add(new GeneralName(GeneralName.iPAddress, InetAddress.getByName("::1").getHostAddress()));
            String cn = names.iterator().next();
            X509v3CertificateBuilder serving = new JcaX509v3CertificateBuilder(caCert,
                    serial(), from, Date.from(now.plus(CERT_VALIDITY)), new X500Name("CN=" + cn), servingKey.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(new GeneralName[0])))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(servingKey.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            return new Material(caCert, sign(serving, caKey), servingKey);
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate the self-signed webhook certificate: " + Json.oneLine(e.getMessage()), e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(96, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) throws Exception {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }
}
