package io.stockade.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.stockade.platform.security.CurrentUser;
import java.io.IOException;
import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
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
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(CurrentUser.class);
    }

    @Bean
    FilterRegistrationBean<RequestIds> requestIds() {
        FilterRegistrationBean<RequestIds> bean = new FilterRegistrationBean<>(new RequestIds());
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return bean;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimit> bodySizeLimit(ObjectMapper mapper) {
        FilterRegistrationBean<BodySizeLimit> bean = new FilterRegistrationBean<>(new BodySizeLimit(mapper));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return bean;
    }

    /**
     * How every host reads JSON, in one place so the web slices read it the same way: an unknown field, a null
     * for a primitive, a float for an integer, a string for a number and a key given twice are each a 400 on
     * that field, never a guess. A duplicated key matters most: two parsers of one body (a proxy, a WAF, this
     * server) must not disagree on which value counts.
     */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictJson() {
        return builder -> builder.featuresToEnable(
                        DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .featuresToDisable(
                        DeserializationFeature.ACCEPT_FLOAT_AS_INT,
                        MapperFeature.ALLOW_COERCION_OF_SCALARS,
                        SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /**
     * PostgreSQL cannot store a NUL character in text: refuse it where the JSON is read, as a 400 on
     * that field, before it can reach a command, an event or a projection.
     */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer refuseNulCharacters() {
        SimpleModule module = new SimpleModule("no-nul");
        module.addDeserializer(String.class, new NoNulStrings());
        return builder -> builder.modulesToInstall(module);
    }

    static final class NoNulStrings extends StdScalarDeserializer<String> {
        NoNulStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            if (value != null && value.indexOf('\u0000') >= 0) {
                throw InvalidFormatException.from(p, "must not contain NUL characters", value, String.class);
            }
            return value;
        }
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CurrentUserArgumentResolver());
    }
}
