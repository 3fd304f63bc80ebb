package io.stockade.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void shouldDefuseEveryFormulaPrefix() {
        for (String prefix : new String[] {"=", "+", "-", "@", "\t", "\r"}) {
            assertThat(Csv.text(prefix + "1+1")).as(prefix).startsWith("\"'");
        }
    }

    @Test
    void shouldQuoteSeparatorsQuotesAndNewlines() {
        assertThat(Csv.text("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.text("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.text("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Csv.text("plain")).isEqualTo("plain");
        assertThat(Csv.text(null)).isEmpty();
        assertThat(Csv.number(-3)).isEqualTo("-3");
    }
}
