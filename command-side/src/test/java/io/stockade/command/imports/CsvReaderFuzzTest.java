package io.stockade.command.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.stockade.platform.web.Csv;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * An import file is whatever a client uploads. Read exactly as the import job reads it (UTF-8 that refuses
 * malformed bytes, then the catalogue format over {@link CsvReader}), it either yields rows or is refused with
 * one of the two documented file errors; and every cell it yields survives the export path ({@link Csv#text})
 * and back, so a catalogue exported and re-imported is the same catalogue.
 *
 * <p>Seeds: {@code src/test/resources/io/stockade/command/imports/CsvReaderFuzzTestInputs/catalogueFile}.
 */
class CsvReaderFuzzTest {
    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = VALIDATION.getValidator();

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    @FuzzTest(maxDuration = "10m")
    void catalogueFile(byte[] upload) throws IOException {
        List<List<String>> records = new ArrayList<>();
        try {
            CatalogueCsv csv = new CatalogueCsv(utf8(upload), VALIDATOR);
            for (CatalogueCsv.Row row = csv.next(); row != null; row = csv.next()) {
                assertThat(row.valid() == (row.item() != null && row.errors().isEmpty()))
                        .isTrue();
            }
        } catch (CatalogueCsv.FileRejected | CharacterCodingException e) {
            // The two refusals the import job turns into a failed job with a "file" error.
            assertThat(e.getMessage()).isNotBlank();
        }
        // The same bytes through the bare reader: the cells the catalogue format was built from.
        CsvReader reader = new CsvReader(new StringReader(new String(upload, StandardCharsets.UTF_8)));
        try {
            for (List<String> r = reader.next(); r != null; r = reader.next()) {
                assertThat(r).isNotEmpty().hasSizeLessThanOrEqualTo(CsvReader.MAX_CELLS);
                records.add(r);
            }
        } catch (CsvReader.MalformedCsvException e) {
            assertThat(e.line()).isPositive();
        }
        for (List<String> record : records) {
            assertRoundTrip(record);
        }
    }

    /** A row written by the exports and read by the import gives back the values written. */
    private static void assertRoundTrip(List<String> raw) throws IOException {
        // The reader turns every line break in a quoted cell into \n, so values held by the product never
        // carry a CR; the property is about those values.
        List<String> values = raw.stream()
                .map(v -> v.replace("\r\n", "\n").replace('\r', '\n'))
                .toList();
        String[] cells = values.stream().map(Csv::text).toArray(String[]::new);
        // Every export starts with its header row; a value is never the file's first character, where the
        // reader takes U+FEFF for a byte-order mark (the fuzzer's first finding was exactly that).
        CsvReader reader = new CsvReader(new StringReader(Csv.row("name") + Csv.row(cells)));
        assertThat(reader.next()).containsExactly("name");
        List<String> read = reader.next();
        if (values.size() == 1 && values.get(0).isEmpty()) {
            // An empty one-cell row is a blank line, which the reader skips.
            assertThat(read).isNull();
            return;
        }
        assertThat(read).isNotNull();
        List<String> back = read.stream().map(CsvReader::unescapeFormula).toList();
        assertThat(back).as("cells %s exported and imported again", values).isEqualTo(values);
    }

    private static Reader utf8(byte[] bytes) {
        return new BufferedReader(new InputStreamReader(
                new ByteArrayInputStream(bytes),
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)));
    }
}
