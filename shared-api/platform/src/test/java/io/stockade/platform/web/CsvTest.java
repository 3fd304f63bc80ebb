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

    @Test
    void shouldGiveBackTextThatAlreadyStartsWithAnApostropheWhenUnescaped() {
        // Found by CsvReaderFuzzTest: an item named '=x was exported as '=x and imported back as =x.
        for (String value : new String[] {"'=x", "''+1", "'", "'plain", "=x", "-3 units", "'\t"}) {
            String cell = Csv.text(value);
            String unquoted = cell.startsWith("\"") ? cell.substring(1, cell.length() - 1) : cell;
            assertThat(Csv.unescapeFormula(unquoted)).as(value).isEqualTo(value);
        }
        assertThat(Csv.text("'=x")).isEqualTo("\"''=x\"");
        assertThat(Csv.unescapeFormula("'plain")).isEqualTo("'plain");
    }
}
