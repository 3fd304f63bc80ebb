package io.stockade.webapp.support;

import io.stockade.webapp.StockadeApplication;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application on a random port against a real PostgreSQL. All tests carrying it share
 * one application context (and database), so the suite starts the application once. The {@code test}
 * profile raises the rate limits (RateLimitIT proves the real ones on their own instances).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = StockadeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@ActiveProfiles("test")
// Spring's tests turn metric export off; the running jar serves /actuator/prometheus (PrometheusRulesIT scrapes it).
@AutoConfigureObservability(tracing = false)
@Import(TestClock.Config.class)
public @interface StockadeIT {}
