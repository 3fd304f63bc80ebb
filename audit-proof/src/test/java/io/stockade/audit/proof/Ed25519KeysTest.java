package io.stockade.audit.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519KeysTest {
    private static final HexFormat HEX = HexFormat.of();

    // RFC 8032 §7.1, TEST 1 and TEST 2.
    private static final String SECRET_1 = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String PUBLIC_1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String SIGNATURE_1 =
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
                    + "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
    private static final String SECRET_2 = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
    private static final String PUBLIC_2 = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    private static final String SIGNATURE_2 =
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e1599"
                    + "6e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

    @Test
    void shouldDerivePublicKeysAndSignaturesOfRfc8032() {
        assertThat(HEX.formatHex(Ed25519Keys.publicKeyFromSeed(HEX.parseHex(SECRET_1))))
                .isEqualTo(PUBLIC_1);
        assertThat(HEX.formatHex(Ed25519Keys.publicKeyFromSeed(HEX.parseHex(SECRET_2))))
                .isEqualTo(PUBLIC_2);
        PrivateKey key1 = Ed25519Keys.privateKey(HEX.parseHex(SECRET_1));
        assertThat(HEX.formatHex(Ed25519Keys.sign(key1, new byte[0]))).isEqualTo(SIGNATURE_1);
        PrivateKey key2 = Ed25519Keys.privateKey(HEX.parseHex(SECRET_2));
        assertThat(HEX.formatHex(Ed25519Keys.sign(key2, new byte[] {0x72}))).isEqualTo(SIGNATURE_2);
        assertThat(Ed25519Keys.verify(HEX.parseHex(PUBLIC_2), new byte[] {0x72}, HEX.parseHex(SIGNATURE_2)))
                .isTrue();
        assertThat(Ed25519Keys.verify(HEX.parseHex(PUBLIC_2), new byte[] {0x73}, HEX.parseHex(SIGNATURE_2)))
                .isFalse();
        assertThat(Ed25519Keys.verify(HEX.parseHex(PUBLIC_1), new byte[] {0x72}, HEX.parseHex(SIGNATURE_2)))
                .isFalse();
    }

    @Test
    void shouldConvertBetweenJdkEncodingsAndRawKeys() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] rawPublic = Ed25519Keys.rawPublicKey(pair.getPublic());
        byte[] seed = Ed25519Keys.rawPrivateKey(pair.getPrivate());
        assertThat(rawPublic).hasSize(32);
        assertThat(seed).hasSize(32);
        assertThat(Ed25519Keys.publicKeyFromSeed(seed)).isEqualTo(rawPublic);

        // Through the JDK's own encodings (X.509 SubjectPublicKeyInfo, PKCS#8) and back.
        KeyFactory factory = KeyFactory.getInstance("Ed25519");
        PublicKey decodedPublic =
                factory.generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded()));
        PrivateKey decodedPrivate = factory.generatePrivate(
                new PKCS8EncodedKeySpec(pair.getPrivate().getEncoded()));
        assertThat(Ed25519Keys.rawPublicKey(decodedPublic)).isEqualTo(rawPublic);
        assertThat(Ed25519Keys.rawPrivateKey(decodedPrivate)).isEqualTo(seed);
        assertThat(Ed25519Keys.publicKey(rawPublic).getEncoded())
                .isEqualTo(pair.getPublic().getEncoded());
        assertThat(Ed25519Keys.privateKey(seed).getEncoded())
                .isEqualTo(pair.getPrivate().getEncoded());

        // A signature by the JDK's key verifies under the raw key, and the other way round.
        byte[] message = {1, 2, 3};
        assertThat(Ed25519Keys.verify(rawPublic, message, Ed25519Keys.sign(pair.getPrivate(), message)))
                .isTrue();
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(pair.getPublic());
        jdk.update(message);
        assertThat(jdk.verify(Ed25519Keys.sign(Ed25519Keys.privateKey(seed), message)))
                .isTrue();
    }

    @Test
    void shouldRefuseKeysOfOtherAlgorithmsAndLengths() throws Exception {
        KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
        assertThatThrownBy(() -> Ed25519Keys.rawPublicKey(ec.getPublic())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ed25519Keys.rawPrivateKey(ec.getPrivate()))
                .isInstanceOf(IllegalArgumentException.class);
        KeyPair ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        assertThatThrownBy(() -> Ed25519Keys.rawPublicKey(ed448.getPublic()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ed25519Keys.rawPrivateKey(ed448.getPrivate()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ed25519Keys.publicKey(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ed25519Keys.privateKey(new byte[33])).isInstanceOf(IllegalArgumentException.class);
        assertThat(Ed25519Keys.verify(HEX.parseHex(PUBLIC_1), new byte[0], new byte[63]))
                .isFalse();
    }

    @Test
    void shouldMakeDistinctKeysFromARandomSource() {
        SecureRandom random = new SecureRandom();
        NoteSigner one = NoteSigner.generate("stockade/org-1", random);
        NoteSigner two = NoteSigner.generate("stockade/org-1", random);
        assertThat(one.verifierKey()).isNotEqualTo(two.verifierKey());
        assertThat(NoteSigner.parse(one.toSecretText()).verifierKey()).isEqualTo(one.verifierKey());
        assertThat(NoteVerifierKey.parse(one.verifierKey().toString())).isEqualTo(one.verifierKey());
    }
}
