package io.stockade.platform.axon;

import io.stockade.api.common.MessageType;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/** Finds every {@link MessageType}-annotated message in the contract and refuses duplicate names. */
public final class MessageTypeRegistry {
    private MessageTypeRegistry() {}

    public static Map<String, Class<?>> scan(String basePackage) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition d) {
                return d.getMetadata().isIndependent();
            }
        };
        scanner.addIncludeFilter(new AnnotationTypeFilter(MessageType.class));
        Map<String, Class<?>> registry = new HashMap<>();
        for (BeanDefinition bd : scanner.findCandidateComponents(basePackage)) {
            Class<?> type =
                    ClassUtils.resolveClassName(bd.getBeanClassName(), MessageTypeRegistry.class.getClassLoader());
            String name = type.getAnnotation(MessageType.class).value();
            Class<?> previous = registry.put(name, type);
            if (previous != null) {
                throw new IllegalStateException(
                        "Message type name '" + name + "' is used by " + previous + " and " + type);
            }
        }
        return registry;
    }
}
