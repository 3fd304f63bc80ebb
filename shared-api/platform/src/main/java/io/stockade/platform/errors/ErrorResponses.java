package io.stockade.platform.errors;

import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every error answer is problem+json, including those decided before Spring MVC: the {@code /error}
 * page ({@link ProblemErrorController}) and Tomcat's own report ({@link ProblemErrorReportValve}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(TomcatServletWebServerFactory.class)
public class ErrorResponses {

    /**
     * The host adds its error report valve when it starts, before its contexts start; Spring Boot offers no
     * hook on the host, so the context's start swaps the valve in the host's pipeline.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextLifecycleListeners(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())
                    && event.getLifecycle() instanceof Context context) {
                install(context.getParent());
            }
        });
    }

    private static void install(Container parent) {
        if (!(parent instanceof StandardHost host)) {
            return;
        }
        host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        Pipeline pipeline = host.getPipeline();
        boolean installed = false;
        for (Valve valve : pipeline.getValves()) {
            if (valve instanceof ProblemErrorReportValve) {
                installed = true;
            } else if (valve instanceof ErrorReportValve) {
                pipeline.removeValve(valve);
            }
        }
        if (!installed) {
            pipeline.addValve(new ProblemErrorReportValve());
        }
    }
}
