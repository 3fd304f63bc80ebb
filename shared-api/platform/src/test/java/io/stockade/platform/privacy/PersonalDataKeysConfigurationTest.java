package io.stockade.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockade.platform.config.StartupRefusal;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class PersonalDataKeysConfigurationTest {
    private final PersonalDataKeysConfiguration config = new PersonalDataKeysConfiguration();
    private final String wrappingKey = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void shouldStoreKeysAsTheyAreWhenNoWrappingKeyIsGiven() {
        assertThat(config.personalDataKeyWrapping(new MockEnvironment())).isSameAs(KeyWrapping.NONE);
        assertThat(config.personalDataKeyWrapping(new MockEnvironment().withProperty(KmsKeyWrapping.SETTING, " ")))
                .isSameAs(KeyWrapping.NONE);
    }

    @Test
    void shouldWrapWithTheGivenKeyOrWithAwsKms() {
        assertThat(config.personalDataKeyWrapping(
                        new MockEnvironment().withProperty(AesKeyWrapping.SETTING, wrappingKey)))
                .isInstanceOf(AesKeyWrapping.class);
        // The region from the AWS SDK's own chain: here its system property, on ECS AWS_REGION.
        String before = System.getProperty("aws.region");
        System.setProperty("aws.region", "eu-west-1");
        try {
            assertThat(config.personalDataKeyWrapping(
                            new MockEnvironment().withProperty(KmsKeyWrapping.SETTING, "alias/stockade/personal-data")))
                    .isInstanceOf(KmsKeyWrapping.class);
        } finally {
            if (before == null) {
                System.clearProperty("aws.region");
            } else {
                System.setProperty("aws.region", before);
            }
        }
    }

    @Test
    void shouldRefuseBothAtOnceNamingThemButNotTheKey() {
        MockEnvironment both = new MockEnvironment()
                .withProperty(KmsKeyWrapping.SETTING, "alias/stockade/personal-data")
                .withProperty(AesKeyWrapping.SETTING, wrappingKey);

        assertThatThrownBy(() -> config.personalDataKeyWrapping(both))
                .isInstanceOf(StartupRefusal.class)
                .hasMessageContaining(KmsKeyWrapping.SETTING)
                .hasMessageContaining(AesKeyWrapping.SETTING)
                .hasMessageNotContaining(wrappingKey);
    }
}
