package io.stockade.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockade.platform.config.StartupRefusal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AesKeyWrappingTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static String newSetting() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static byte[] personKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    private static List<Byte> bytes(byte[] b) {
        List<Byte> list = new ArrayList<>();
        for (byte x : b) {
            list.add(x);
        }
        return list;
    }

    @Test
    void shouldWrapAPersonsKeySoThatOnlyTheWrappingKeyOpensItForThatPerson() {
        AesKeyWrapping wrapping = AesKeyWrapping.fromSetting(newSetting());
        UUID person = UUID.randomUUID();
        byte[] key = personKey();

        byte[] stored = wrapping.wrap(person, key);

        assertThat(stored).hasSize(12 + 32 + 16);
        assertThat(Collections.indexOfSubList(bytes(stored), bytes(key)))
                .as("the key is not stored in clear")
                .isEqualTo(-1);
        assertThat(wrapping.wrap(person, key)).as("a fresh IV each time").isNotEqualTo(stored);
        assertThat(wrapping.unwrap(person, stored)).isEqualTo(key);
        assertThat(wrapping.name()).matches("aes-gcm:[0-9a-f]{8}");
        assertThat(wrapping.opens(wrapping.name())).isTrue();
        assertThat(wrapping.opens(null)).isFalse();
    }

    @Test
    void shouldRefuseAKeyMovedToAnotherPersonAlteredOrWrappedByAnotherKey() {
        AesKeyWrapping wrapping = AesKeyWrapping.fromSetting(newSetting());
        UUID person = UUID.randomUUID();
        byte[] stored = wrapping.wrap(person, personKey());

        assertThatThrownBy(() -> wrapping.unwrap(UUID.randomUUID(), stored))
                .isInstanceOf(KeyWrapping.UnopenableKeyException.class)
                .hasMessageContaining(AesKeyWrapping.SETTING);
        byte[] altered = stored.clone();
        altered[20] ^= 1;
        assertThatThrownBy(() -> wrapping.unwrap(person, altered))
                .isInstanceOf(KeyWrapping.UnopenableKeyException.class);
        AesKeyWrapping other = AesKeyWrapping.fromSetting(newSetting());
        assertThat(other.name()).isNotEqualTo(wrapping.name());
        assertThat(other.opens(wrapping.name())).isFalse();
        assertThatThrownBy(() -> other.unwrap(person, stored)).isInstanceOf(KeyWrapping.UnopenableKeyException.class);
    }

    @Test
    void shouldStopTheStartOnASettingThatIsNotA256BitKeyWithoutRepeatingIt() {
        String notBase64 = "not base64 at all!";
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> AesKeyWrapping.fromSetting(notBase64))
                .isInstanceOf(StartupRefusal.class)
                .hasMessageContaining(AesKeyWrapping.SETTING)
                .hasMessageContaining("not base64")
                .hasMessageNotContaining(notBase64);
        assertThatThrownBy(() -> AesKeyWrapping.fromSetting(short16))
                .isInstanceOf(StartupRefusal.class)
                .hasMessageContaining("16 bytes, not 32")
                .hasMessageNotContaining(short16);
    }
}
