package io.stockade.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.mock.env.MockEnvironment;

class ProductionLoggingTest {

    @Test
    void shouldLogJsonLinesWhenProductionModeIsOn() throws Exception {
        MockEnvironment env = new MockEnvironment().withProperty("stockade.mode", "PRODUCTION");
        new ProductionLogging().postProcessEnvironment(env, null);
        assertThat(env.getProperty("logging.config")).isEqualTo(ProductionLogging.CONFIG);
        String config = new DefaultResourceLoader()
                .getResource(ProductionLogging.CONFIG)
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(config)
                .contains("net.logstash.logback.encoder.LogstashEncoder")
                .contains("<includeMdcKeyName>requestId</includeMdcKeyName>")
                .contains("<includeMdcKeyName>userId</includeMdcKeyName>");
    }

    @Test
    void shouldKeepPlainTextWhenEmbedded() {
        MockEnvironment embedded = new MockEnvironment();
        new ProductionLogging().postProcessEnvironment(embedded, null);
        assertThat(embedded.getProperty("logging.config")).isNull();
        MockEnvironment named = new MockEnvironment().withProperty("stockade.mode", "embedded");
        new ProductionLogging().postProcessEnvironment(named, null);
        assertThat(named.getProperty("logging.config")).isNull();
    }

    @Test
    void shouldLetAnExplicitLoggingConfigWinWhenProductionModeIsOn() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("stockade.mode", "production")
                .withProperty("logging.config", "file:/etc/stockade/logback.xml");
        new ProductionLogging().postProcessEnvironment(env, null);
        assertThat(env.getProperty("logging.config")).isEqualTo("file:/etc/stockade/logback.xml");
    }
}
