package io.stockade.testsupport.process;

import io.stockade.audit.proof.NoteSigner;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The secrets every node of one cluster must share, generated fresh for one test: the JWT signing key (a token
 * issued by one node is checked by the other), the signed-link key, the audit checkpoint key (every node runs
 * the sealer, one round at a time, and all must sign the same log with the same key), and the key that wraps the
 * personal-data keys (a person's key made on one node is opened on another). Production mode refuses to start
 * without the first three; the fourth makes every cluster test run with wrapped keys, as docker compose does.
 */
public final class ClusterSecrets {
    private ClusterSecrets() {}

    /** Environment variables for every node of one cluster; {@code linkKey} names the test for readable logs. */
    public static Map<String, String> generate(String linkKey) throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder()
                        .encodeToString(gen.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----";
        String auditKey =
                NoteSigner.generate("stockade-audit", new SecureRandom()).toSecretText();
        byte[] wrappingKey = new byte[32];
        new SecureRandom().nextBytes(wrappingKey);
        return Map.of(
                "STOCKADE_JWT_PRIVATE_KEY", pem,
                "STOCKADE_URL_SIGNING_KEY", linkKey,
                "STOCKADE_AUDIT_SIGNING_KEY", auditKey,
                "STOCKADE_PERSONAL_DATA_WRAPPING_KEY", Base64.getEncoder().encodeToString(wrappingKey));
    }
}
