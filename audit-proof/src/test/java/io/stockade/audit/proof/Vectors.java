package io.stockade.audit.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Loads the test vectors kept under src/test/resources/vectors (see the README there). */
final class Vectors {
    private Vectors() {}

    static Path directory(String name) {
        URL url = Vectors.class.getResource("/vectors/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test vectors " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> jsonFiles(String name) {
        Path root = directory(name);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) {
        try {
            return (Map<String, Object>) MiniJson.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resource(String name) {
        return read(directory(name));
    }

    /** Go's encoding/json writes a []byte as base64 and a nil slice as null. */
    static byte[] base64(Object value) {
        return value == null ? new byte[0] : Base64.getDecoder().decode((String) value);
    }

    static List<byte[]> base64List(Object value) {
        List<byte[]> result = new ArrayList<>();
        if (value != null) {
            for (Object item : (List<?>) value) {
                result.add(base64(item));
            }
        }
        return result;
    }

    static List<Hash> hexHashes(Object value) {
        List<Hash> result = new ArrayList<>();
        for (Object item : (List<?>) value) {
            result.add(Hash.fromHex((String) item));
        }
        return result;
    }

    static byte[] hex(String value) {
        return HexFormat.of().parseHex(value);
    }

    /** Every element as a {@link Hash}; a wrong length throws IllegalArgumentException, which a verifier refuses. */
    static List<Hash> hashes(List<byte[]> values) {
        List<Hash> result = new ArrayList<>();
        for (byte[] value : values) {
            result.add(Hash.of(value));
        }
        return result;
    }
}
