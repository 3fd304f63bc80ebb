package io.stockade.command.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static List<List<String>> all(String csv) throws IOException {
        CsvReader reader = new CsvReader(new StringReader(csv));
        List<List<String>> out = new ArrayList<>();
        for (List<String> r = reader.next(); r != null; r = reader.next()) {
            out.add(r);
        }
        return out;
    }

    @Test
    void shouldReadQuotedCellsWithCommasQuotesAndLineBreaks() throws IOException {
        assertThat(all("a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",,x\n"))
                .containsExactly(List.of("a", "b, c", "say \"hi\""), List.of("two\nlines", "", "x"));
    }

    @Test
    void shouldAcceptEveryLineEndingSkipBlankLinesAndAByteOrderMark() throws IOException {
        assertThat(all("\uFEFFh1,h2\r\n\r\n1,2\r3,4\n5,6"))
                .containsExactly(List.of("h1", "h2"), List.of("1", "2"), List.of("3", "4"), List.of("5", "6"));
        assertThat(all("a,\n")).containsExactly(List.of("a", ""));
    }

    @Test
    void shouldSayWhereAFileIsMalformed() {
        assertThatThrownBy(() -> all("a,b\n\"open,c\n"))
                .isInstanceOf(CsvReader.MalformedCsvException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("never closed");
        assertThatThrownBy(() -> all("a,b\nx\"y,c\n")).hasMessageContaining("quote inside an unquoted cell");
        assertThatThrownBy(() -> all("\"a\"b,c\n")).hasMessageContaining("after a closing quote");
    }

    @Test
    void shouldBoundCellsAndRecordsSoAHostileFileCannotGrowOneWithoutLimit() {
        assertThatThrownBy(() -> all("x".repeat(CsvReader.MAX_CELL + 1))).hasMessageContaining("longer than");
        assertThatThrownBy(() -> all(",".repeat(CsvReader.MAX_CELLS + 1))).hasMessageContaining("more than");
        // An endless quoted cell is cut off at the bound too, long before memory runs out.
        Reader endless = new Reader() {
            @Override
            public int read(char[] buf, int off, int len) {
                buf[off] = 'z';
                return 1;
            }

            @Override
            public void close() {}
        };
        assertThatThrownBy(() -> new CsvReader(endless).next()).isInstanceOf(CsvReader.MalformedCsvException.class);
    }

    @Test
    void shouldTakeOffOnlyTheApostropheThatAnExportPutBeforeFormulaText() {
        assertThat(CsvReader.unescapeFormula("'=1+1")).isEqualTo("=1+1");
        assertThat(CsvReader.unescapeFormula("'@x")).isEqualTo("@x");
        assertThat(CsvReader.unescapeFormula("'quoted'")).isEqualTo("'quoted'");
        assertThat(CsvReader.unescapeFormula("=1+1")).isEqualTo("=1+1");
        assertThat(CsvReader.unescapeFormula("'")).isEqualTo("'");
    }
}
