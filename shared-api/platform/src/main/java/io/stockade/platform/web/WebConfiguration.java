package io.stockade.platform.web;

import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
public class WebConfiguration implements WebMvcConfigurer {

    static {
        // The signed-in user comes from the token, not from the request: keep it out of the API document
        // (the SPA's types are generated from it and would otherwise ask for a "user" query parameter).
        org.springdoc.core.utils.SpringDocUtils.getConfig()
                .addRequestWrapperToIgnore(io.stockade.platform.security.CurrentUser.class);
    }

    @Bean
    FilterRegistrationBean<RequestIds> requestIds() {
        FilterRegistrationBean<RequestIds> bean = new FilterRegistrationBean<>(new RequestIds());
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return bean;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimit> bodySizeLimit(com.fasterxml.jackson.databind.ObjectMapper mapper) {
        FilterRegistrationBean<BodySizeLimit> bean = new FilterRegistrationBean<>(new BodySizeLimit(mapper));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return bean;
    }

    /**
     * PostgreSQL cannot store a NUL character in text: refuse it where the JSON is read, as a 400 on
     * that field, before it can reach a command, an event or a projection.
     */
    @Bean
    org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer refuseNulCharacters() {
        com.fasterxml.jackson.databind.module.SimpleModule module =
                new com.fasterxml.jackson.databind.module.SimpleModule("no-nul");
        module.addDeserializer(String.class, new NoNulStrings());
        return builder -> builder.modulesToInstall(module);
    }

    static final class NoNulStrings extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<String> {
        NoNulStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(
                com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.databind.DeserializationContext ctxt)
                throws java.io.IOException {
            String value = com.fasterxml.jackson.databind.deser.std.StringDeserializer.instance.deserialize(p, ctxt);
            if (value != null && value.indexOf('\u0000') >= 0) {
                throw com.fasterxml.jackson.databind.exc.InvalidFormatException.from(
                        p, "must not contain NUL characters", value, String.class);
            }
            return value;
        }
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CurrentUserArgumentResolver());
    }
}
