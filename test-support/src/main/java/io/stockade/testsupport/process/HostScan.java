package io.stockade.testsupport.process;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.spring.stereotype.Aggregate;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.annotation.AnnotatedBeanDefinitionReader;
import org.springframework.context.annotation.ConfigurationClassPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * The Stockade classes a host's context would hold, read as Spring reads them (its own component scan, filters
 * and imports) without creating a bean or opening a connection: which aggregates, sagas and processors a host runs
 * is decided here. Auto-configuration is left out (Spring's and Axon's, not Stockade's).
 */
public final class HostScan {
    private HostScan() {}

    public static List<Class<?>> stockadeClasses(Class<?> host) {
        DefaultListableBeanFactory registry = new DefaultListableBeanFactory();
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources()
                .addFirst(new MapPropertySource("scan-only", Map.of("spring.boot.enableautoconfiguration", "false")));
        new AnnotatedBeanDefinitionReader(registry, env).register(host);
        ConfigurationClassPostProcessor parser = new ConfigurationClassPostProcessor();
        parser.setEnvironment(env);
        parser.setResourceLoader(new DefaultResourceLoader(mainClassesOnly(host.getClassLoader())));
        parser.setBeanClassLoader(host.getClassLoader());
        parser.postProcessBeanDefinitionRegistry(registry);
        List<Class<?>> classes = new ArrayList<>();
        for (String name : registry.getBeanDefinitionNames()) {
            String type = registry.getBeanDefinition(name).getBeanClassName();
            if (type != null && type.startsWith("io.stockade.")) {
                classes.add(ClassUtils.resolveClassName(type, host.getClassLoader()));
            }
        }
        return classes;
    }

    /**
     * The same classes, but a scan finds only main code: a test source set's configurations (slices, mocked beans)
     * would otherwise join the scan and replace the components they stand in for.
     */
    private static ClassLoader mainClassesOnly(ClassLoader loader) {
        return new ClassLoader(loader) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                List<URL> kept = new ArrayList<>();
                for (URL url : Collections.list(loader.getResources(name))) {
                    if (!url.toString().contains("/test-classes/")) {
                        kept.add(url);
                    }
                }
                return Collections.enumeration(kept);
            }
        };
    }

    /** The processing groups of the event handlers among {@code classes} (Axon's processors, one per group). */
    public static Set<String> processingGroups(List<Class<?>> classes) {
        Set<String> groups = new TreeSet<>();
        for (Class<?> c : classes) {
            ProcessingGroup group = AnnotatedElementUtils.findMergedAnnotation(c, ProcessingGroup.class);
            if (group != null) {
                groups.add(group.value());
            }
        }
        return groups;
    }

    public static List<String> aggregates(List<Class<?>> classes) {
        return names(classes, c -> AnnotatedElementUtils.hasAnnotation(c, Aggregate.class));
    }

    public static List<String> sagas(List<Class<?>> classes) {
        return names(classes, c -> AnnotatedElementUtils.hasAnnotation(c, Saga.class));
    }

    /** Classes with a method that handles a command (aggregates' own handlers included). */
    public static List<String> commandHandlers(List<Class<?>> classes) {
        return names(
                classes,
                c -> Arrays.stream(c.getDeclaredMethods())
                        .anyMatch(m -> AnnotatedElementUtils.hasAnnotation(m, CommandHandler.class)));
    }

    private static List<String> names(List<Class<?>> classes, Predicate<Class<?>> which) {
        return classes.stream().filter(which).map(Class::getSimpleName).sorted().toList();
    }
}
