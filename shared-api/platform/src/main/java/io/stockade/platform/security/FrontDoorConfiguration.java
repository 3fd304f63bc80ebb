package io.stockade.platform.security;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stockade.platform.config.SecuritySettings;
import io.stockade.platform.ratelimit.LocalRateLimiter;
import io.stockade.platform.ratelimit.RateLimiter;
import io.stockade.platform.ratelimit.RedisRateLimiter;
import io.stockade.platform.web.ClientIps;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Rate limits and the token revocation list: in this JVM by default, in Redis when
 * {@code STOCKADE_SECURITY_REDIS_URL} is set (split mode: every instance shares them).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecuritySettings.class)
public class FrontDoorConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "stockade.security", name = "redis-url")
    LettuceConnectionFactory stockadeRedisConnectionFactory(SecuritySettings settings) {
        URI uri = URI.create(settings.redisUrl());
        RedisStandaloneConfiguration server =
                new RedisStandaloneConfiguration(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            if (parts.length == 2) {
                if (!parts[0].isEmpty()) {
                    server.setUsername(parts[0]);
                }
                server.setPassword(parts[1]);
            } else {
                server.setPassword(parts[0]);
            }
        }
        if (uri.getPath() != null && uri.getPath().length() > 1) {
            server.setDatabase(Integer.parseInt(uri.getPath().substring(1)));
        }
        // Short timeouts: while Redis is down a request pays at most half a second before the local fallback.
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                .commandTimeout(Duration.ofMillis(500))
                .shutdownTimeout(Duration.ofMillis(100))
                .clientOptions(ClientOptions.builder()
                        .socketOptions(SocketOptions.builder()
                                .connectTimeout(Duration.ofMillis(500))
                                .build())
                        .build());
        if ("rediss".equals(uri.getScheme())) {
            client.useSsl();
        }
        return new LettuceConnectionFactory(server, client.build());
    }

    @Bean
    @ConditionalOnProperty(prefix = "stockade.security", name = "redis-url")
    StringRedisTemplate stockadeRedis(LettuceConnectionFactory factory) {
        return new StringRedisTemplate(factory);
    }

    @Bean
    RateLimiter rateLimiter(
            SecuritySettings settings,
            Clock clock,
            ObjectProvider<LettuceConnectionFactory> redis,
            ObjectProvider<MeterRegistry> meters) {
        LettuceConnectionFactory factory = redis.getIfAvailable();
        return factory == null
                ? new LocalRateLimiter(clock)
                : new RedisRateLimiter(
                        factory, settings.redisKeyPrefix(), clock, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    TokenRevocations tokenRevocations(
            SecuritySettings settings, Clock clock, ObjectProvider<StringRedisTemplate> redis) {
        StringRedisTemplate template = redis.getIfAvailable();
        return template == null
                ? new LocalTokenRevocations(clock)
                : new RedisTokenRevocations(template, settings.redisKeyPrefix(), clock);
    }

    @Bean
    ClientIps clientIps(SecuritySettings settings) {
        return new ClientIps(settings.trustedProxies());
    }
}
