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

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CurrentUserArgumentResolver());
    }
}
