package io.stockade.platform.security;

import io.stockade.platform.config.SecretFiles;
import io.stockade.platform.config.StockadeProperties;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RSA key that signs access tokens. Provided by the environment in production; generated into
 * the data directory (mode 600) on first start in embedded mode. The {@code kid} is derived from
 * the public key so that several keys can be told apart during a rotation.
 */
public final class JwtKeys {
    private final RSAPrivateCrtKey privateKey;
    private final RSAPublicKey publicKey;
    private final String keyId;
    private final boolean generated;
    private final Map<String, RSAPublicKey> verification;

    private JwtKeys(RSAPrivateCrtKey privateKey, String keyId, boolean generated, List<String> previous) {
        this.privateKey = privateKey;
        this.publicKey = publicOf(privateKey);
        this.keyId = keyId != null ? keyId : thumbprint(publicKey);
        this.generated = generated;
        Map<String, RSAPublicKey> keys = new LinkedHashMap<>();
        keys.put(this.keyId, publicKey);
        for (String pem : previous) {
            RSAPublicKey key = parsePublic(pem);
            keys.putIfAbsent(thumbprint(key), key);
        }
        this.verification = Collections.unmodifiableMap(keys);
    }

    public static JwtKeys load(StockadeProperties props) {
        String pem = props.jwt().privateKey();
        if (pem != null && !pem.isBlank()) {
            return new JwtKeys(
                    parse(pem), props.jwt().keyId(), false, props.jwt().verificationKeys());
        }
        Path file = props.dataDir().resolve("secrets").resolve("jwt-signing-key.pem");
        String generatedPem = SecretFiles.readOrCreate(file, JwtKeys::generatePem);
        return new JwtKeys(
                parse(generatedPem), props.jwt().keyId(), true, props.jwt().verificationKeys());
    }

    /**
     * Every key whose tokens are accepted, by {@code kid}: the signing key and the previous ones still
     * listed in {@code STOCKADE_JWT_VERIFICATION_KEYS}. A previous key's {@code kid} is its thumbprint.
     */
    public Map<String, RSAPublicKey> verificationKeys() {
        return verification;
    }

    /** The public half as PEM, for handing to the next rotation's verification list. */
    public static String publicPem(RSAPublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----";
    }

    public RSAPrivateCrtKey privateKey() {
        return privateKey;
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId;
    }

    /** True when the key came from the data directory rather than the environment. */
    public boolean generated() {
        return generated;
    }

    private static String generatePem() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(3072);
            KeyPair pair = gen.generateKeyPair();
            String body = Base64.getMimeEncoder(64, "\n".getBytes())
                    .encodeToString(pair.getPrivate().getEncoded());
            return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAPrivateCrtKey parse(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | InvalidKeySpecException | NoSuchAlgorithmException | ClassCastException e) {
            throw new IllegalStateException("The JWT signing key is not a PEM-encoded PKCS#8 RSA private key");
        }
    }

    private static RSAPublicKey parsePublic(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | InvalidKeySpecException | NoSuchAlgorithmException | ClassCastException e) {
            throw new IllegalStateException("A JWT verification key is not a PEM-encoded X.509 RSA public key");
        }
    }

    static String thumbprintOf(RSAPublicKey key) {
        return thumbprint(key);
    }

    private static RSAPublicKey publicOf(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String thumbprint(RSAPublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
