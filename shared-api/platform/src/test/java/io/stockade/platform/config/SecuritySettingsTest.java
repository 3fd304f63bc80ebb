package io.stockade.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The settings bind from the environment as documented, each limit part on its own. */
class SecuritySettingsTest {

    private static SecuritySettings bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("stockade.security", SecuritySettings.class);
    }

    @Test
    void shouldDefaultToTheRealLimits() {
        SecuritySettings s = bind(Map.of());
        assertThat(s.limits().anonymous().requests()).isEqualTo(100);
        assertThat(s.limits().anonymous().period()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.limits().login().requests()).isEqualTo(5);
        assertThat(s.limits().loginIp().requests()).isEqualTo(30);
        assertThat(s.limits().user().requests()).isEqualTo(1000);
        assertThat(s.limits().user().burst()).isEqualTo(1000);
        assertThat(s.lockoutThreshold()).isEqualTo(5);
        assertThat(s.lockoutDuration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.cookieSecure()).isTrue();
        assertThat(s.asvs5()).isFalse();
    }

    @Test
    void shouldLetOnePartOfALimitBeSetAlone() {
        SecuritySettings s = bind(Map.of(
                "stockade.security.limits.user.requests",
                "5000",
                "stockade.security.limits.anonymous.period",
                "5m",
                "stockade.security.password-profile",
                "asvs-5"));
        assertThat(s.limits().user().requests()).isEqualTo(5000);
        assertThat(s.limits().user().period()).isEqualTo(Duration.ofHours(1));
        assertThat(s.limits().user().burst()).isEqualTo(5000);
        assertThat(s.limits().anonymous().requests()).isEqualTo(100);
        assertThat(s.limits().anonymous().period()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.asvs5()).isTrue();
    }

    @Test
    void shouldRefuseANonsenseLimit() {
        assertThatThrownBy(() -> bind(Map.of("stockade.security.limits.login.requests", "0")))
                .hasStackTraceContaining("requests > 0");
    }
}
