package io.stockade.platform.web;

import io.stockade.platform.config.StartupRefusal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The operator's port ({@code MANAGEMENT_SERVER_PORT}, default 8081, bound to {@code MANAGEMENT_SERVER_ADDRESS},
 * default 127.0.0.1): actuator and every deployment-wide view (processors, metrics). What protects it is where it
 * listens, never a tenant's token, so it must never be the public port: a start that would share it is refused.
 * As a request matcher it recognises requests that arrived on it.
 */
public class ManagementPort
        implements ApplicationListener<WebServerInitializedEvent>, RequestMatcher, SmartInitializingSingleton {
    private final Environment env;
    private volatile int port = -1;

    public ManagementPort(Environment env) {
        this.env = env;
    }

    @Override
    public void afterSingletonsInstantiated() {
        String management = env.getProperty("management.server.port");
        String server = env.getProperty("server.port", "8080");
        if (management == null || management.isBlank()) {
            throw new StartupRefusal(
                    List.of("MANAGEMENT_SERVER_PORT"),
                    "not set: actuator and the operator's views would be served on the public port",
                    "Set MANAGEMENT_SERVER_PORT to a port of its own (8081 by default) and keep it off the proxy.");
        }
        if (!"0".equals(management.strip()) && Objects.equals(management.strip(), server.strip())) {
            throw new StartupRefusal(
                    List.of("MANAGEMENT_SERVER_PORT", "SERVER_PORT"),
                    "the same port: actuator and the operator's views would be served to the public",
                    "Give MANAGEMENT_SERVER_PORT a port of its own (8081 by default), bound to 127.0.0.1 or a "
                            + "private interface (MANAGEMENT_SERVER_ADDRESS), and never route it through a proxy.");
        }
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        // The management server is a child context of its own; its event reaches this (parent) context too.
        if ("management".equals(event.getApplicationContext().getServerNamespace())) {
            port = event.getWebServer().getPort();
        }
    }

    /** The port the management server listens on, or -1 before it started (or when it is off). */
    public int port() {
        return port;
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        int p = port;
        return p > 0 && request.getLocalPort() == p;
    }
}
