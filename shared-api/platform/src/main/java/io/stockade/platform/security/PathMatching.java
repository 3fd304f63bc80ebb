package io.stockade.platform.security;

import java.util.List;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;

/**
 * The security rules match request paths with Spring's path patterns, not by asking Spring MVC which
 * controller a request would reach. That question is a scan of every request mapping (an adjustment's
 * path has a variable, so there is no direct hit), and Spring Security asked it once per request in a
 * filter of its own, before Spring MVC asked it again: a tenth of an adjustment's CPU. The rules are
 * plain paths under one servlet at "/", so both ways match the same requests.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class PathMatching {
    static final String FILTER_CHAIN = "springSecurityFilterChain";
    static final String INTROSPECTOR_CACHE = "HandlerMappingIntrospectorCacheFilterFactoryBean";

    /** {@code requestMatchers(String...)} builds path-pattern matchers with this. */
    @Bean
    static PathPatternRequestMatcherBuilderFactoryBean pathPatternRequestMatcherBuilder() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /**
     * Takes Spring MVC's handler-lookup cache filter back out of the security filter chain, where
     * Spring Security wraps it in whenever Spring MVC is present; no rule needs its answer any more.
     * Runs after every bean definition is registered, so after Spring Security's own wrapping.
     */
    @Bean
    static BeanFactoryPostProcessor withoutHandlerLookupPerRequest() {
        return PathMatching::unwrap;
    }

    static void unwrap(ConfigurableListableBeanFactory beans) throws BeansException {
        if (!beans.containsBeanDefinition(FILTER_CHAIN)) {
            return;
        }
        BeanDefinition chain = beans.getBeanDefinition(FILTER_CHAIN);
        ConstructorArgumentValues.ValueHolder filters =
                chain.getConstructorArgumentValues().getIndexedArgumentValue(0, null);
        if (filters == null) {
            filters = chain.getConstructorArgumentValues().getGenericArgumentValues().stream()
                    .findFirst()
                    .orElse(null);
        }
        if (filters != null && filters.getValue() instanceof List<?> list) {
            list.removeIf(f -> f instanceof BeanDefinition d
                    && d.getBeanClassName() != null
                    && d.getBeanClassName().endsWith(INTROSPECTOR_CACHE));
        }
    }
}
