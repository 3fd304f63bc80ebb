package io.stockade.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.platform.security.SecurityHeaders;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** CloudFront's copy of the jar's headers equals the jar's own constants, field for field (no synthesis). */
class JarSecurityHeadersTest {
    @Test
    void shouldCopyEveryHeaderTheJarSendsWhenTheJarChangesOne() throws IllegalAccessException {
        assertThat(constants(JarSecurityHeaders.class)).isEqualTo(constants(SecurityHeaders.class));
    }

    private static Map<String, Object> constants(Class<?> type) throws IllegalAccessException {
        Map<String, Object> values = new TreeMap<>();
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && Modifier.isPublic(field.getModifiers())) {
                values.put(field.getName(), field.get(null));
            }
        }
        assertThat(values).isNotEmpty();
        return values;
    }
}
