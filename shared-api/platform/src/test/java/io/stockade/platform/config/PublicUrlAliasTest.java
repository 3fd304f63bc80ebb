package io.stockade.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.platform.web.ApiDocument;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class PublicUrlAliasTest {

    @Test
    void shouldLetStockadePublicUrlNameEveryOutsideLinkWhenBothNamesAreSet() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("stockade.public-url", "https://stock.example.com/")
                .withProperty("stockade.mail.public-url", "https://old.example.com");
        new PublicUrlAlias().postProcessEnvironment(env, null);
        assertThat(env.getProperty("stockade.mail.public-url")).isEqualTo("https://stock.example.com/");
        assertThat(ApiDocument.publicUrl(env)).isEqualTo("https://stock.example.com");
    }

    @Test
    void shouldStillReadTheMailNameWhenOnlyItIsSet() {
        MockEnvironment env = new MockEnvironment().withProperty("stockade.mail.public-url", "https://old.example.com");
        new PublicUrlAlias().postProcessEnvironment(env, null);
        assertThat(env.getProperty("stockade.mail.public-url")).isEqualTo("https://old.example.com");
        assertThat(ApiDocument.publicUrl(env)).isEqualTo("https://old.example.com");
        assertThat(ApiDocument.publicUrl(new MockEnvironment())).isEqualTo("http://localhost:8080");
    }
}
