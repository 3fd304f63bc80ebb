package io.stockade.command.imports;

import io.stockade.api.inventory.CreateItem;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The catalogue file format: a header row naming the columns (any order, case and spacing ignored),
 * then one item per row, each checked exactly as a single create would be (same bean constraints),
 * with categories given by name. Reads one row at a time.
 */
final class CatalogueCsv {
    static final int MAX_ROWS = 200_000;
    private static final Map<String, String> COLUMNS = columns();
    private static final Set<String> REQUIRED = Set.of("name", "location");

    private final CsvReader csv;
    private final Validator validator;
    private final Map<String, Integer> index = new LinkedHashMap<>();
    /** The record number as a spreadsheet shows it: the header is row 1, the first item row 2. */
    private int row = 1;

    /** One problem with one row (field {@code *} for the row as a whole). */
    record RowError(int row, String field, String message) {}

    /** A parsed row: the request it would make, with category names still unresolved, or its errors. */
    record Row(int number, CreateItem item, String category, String subCategory, List<RowError> errors) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    /** The file cannot be read as a catalogue at all (header, structure). */
    static final class FileRejected extends Exception {
        FileRejected(String message) {
            super(message);
        }
    }

    CatalogueCsv(Reader in, Validator validator) throws IOException, FileRejected {
        this.csv = new CsvReader(in);
        this.validator = validator;
        List<String> header = read();
        if (header == null) {
            throw new FileRejected("The file is empty: the first row must name the columns");
        }
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String raw = header.get(i);
            String column = COLUMNS.get(normalise(raw));
            if (column == null) {
                unknown.add(raw.strip());
            } else if (index.putIfAbsent(column, i) != null) {
                throw new FileRejected("Column '" + raw.strip() + "' appears twice");
            }
        }
        if (!unknown.isEmpty()) {
            throw new FileRejected("Unknown column(s) " + String.join(", ", unknown) + "; the columns are "
                    + "name, sku, location, category, subCategory, shelf, description, currentStock, minThreshold");
        }
        for (String required : REQUIRED) {
            if (!index.containsKey(required)) {
                throw new FileRejected("The header has no '" + required + "' column");
            }
        }
    }

    /** The next data row, or null at the end of the file. */
    Row next() throws IOException, FileRejected {
        List<String> cells = read();
        if (cells == null) {
            return null;
        }
        row++;
        if (row - 1 > MAX_ROWS) {
            throw new FileRejected("The file has more than " + MAX_ROWS + " rows; split it");
        }
        List<RowError> errors = new ArrayList<>();
        if (cells.size() != index.size() && !(cells.size() > index.size() && trailingEmpty(cells, index.size()))) {
            errors.add(new RowError(row, "*", "Expected " + index.size() + " cells, found " + cells.size()));
            return new Row(row, null, null, null, errors);
        }
        Integer stock = number(cells, "currentStock", errors);
        Integer threshold = number(cells, "minThreshold", errors);
        CreateItem item = new CreateItem(
                text(cells, "name"),
                text(cells, "sku"),
                text(cells, "location"),
                null,
                null,
                text(cells, "shelf"),
                text(cells, "description"),
                stock,
                threshold);
        for (ConstraintViolation<CreateItem> v : validator.validate(item)) {
            String field = v.getPropertyPath().toString();
            if (errors.stream().noneMatch(e -> e.field().equals(field))) {
                errors.add(new RowError(row, field, v.getMessage()));
            }
        }
        String category = text(cells, "category");
        String sub = text(cells, "subCategory");
        if (sub != null && category == null) {
            errors.add(new RowError(row, "subCategory", "A sub-category needs its category"));
        }
        return new Row(row, item, category, sub, errors);
    }

    private List<String> read() throws IOException, FileRejected {
        try {
            return csv.next();
        } catch (CsvReader.MalformedCsvException e) {
            throw new FileRejected("The file is not valid CSV at " + e.getMessage());
        }
    }

    private static boolean trailingEmpty(List<String> cells, int from) {
        for (int i = from; i < cells.size(); i++) {
            if (!cells.get(i).isBlank()) {
                return false;
            }
        }
        return true;
    }

    private String text(List<String> cells, String column) {
        Integer i = index.get(column);
        if (i == null) {
            return null;
        }
        String v = CsvReader.unescapeFormula(cells.get(i)).strip();
        return v.isEmpty() ? null : v;
    }

    private Integer number(List<String> cells, String column, List<RowError> errors) {
        String v = text(cells, column);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            errors.add(new RowError(row, column, "must be a whole number"));
            return null;
        }
    }

    private static String normalise(String header) {
        return header.strip()
                .toLowerCase(Locale.ROOT)
                .replace(" ", "")
                .replace("_", "")
                .replace("-", "");
    }

    private static Map<String, String> columns() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", "name");
        m.put("productname", "name");
        m.put("sku", "sku");
        m.put("location", "location");
        m.put("category", "category");
        m.put("subcategory", "subCategory");
        m.put("shelf", "shelf");
        m.put("description", "description");
        m.put("currentstock", "currentStock");
        m.put("initialstock", "currentStock");
        m.put("stock", "currentStock");
        m.put("quantity", "currentStock");
        m.put("minthreshold", "minThreshold");
        m.put("threshold", "minThreshold");
        return m;
    }

    /** Categories of one organisation by lower-cased name: id and parent. */
    record CategoryRef(UUID id, UUID parent) {}
}
