package io.stockade.platform.media;

import io.stockade.api.common.ItemId;
import io.stockade.api.common.TenantId;
import io.stockade.platform.config.StockadeProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sanitised item images in the data directory, content-addressed ({@code <sha256>.png|jpg}) per
 * tenant and item, so a reference in an event always names the exact bytes it meant.
 */
public class ImageStore {
    private static final Pattern REF = Pattern.compile("[0-9a-f]{64}\\.(png|jpg)");
    private final Path root;

    public ImageStore(StockadeProperties properties) {
        this.root = properties.dataDir().resolve("images");
    }

    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";

    /** Image bytes already re-encoded from the upload (the command side's sanitiser makes them). */
    public interface Image {
        byte[] bytes();

        /** {@link #PNG} or {@link #JPEG}. */
        String contentType();
    }

    public record Stored(String ref, String contentType) {}

    public Stored store(TenantId tenant, ItemId item, Image image) {
        String ext = PNG.equals(image.contentType()) ? "png" : "jpg";
        try {
            String ref = HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(image.bytes())) + "." + ext;
            Path dir = root.resolve(tenant.toString()).resolve(item.toString());
            Files.createDirectories(dir);
            Path target = dir.resolve(ref);
            if (!Files.exists(target)) {
                Path tmp = Files.createTempFile(dir, ".upload", ".tmp");
                Files.write(tmp, image.bytes());
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return new Stored(ref, image.contentType());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the image", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file for a reference, if the reference is well-formed and the file exists. */
    public Optional<Path> find(TenantId tenant, ItemId item, String ref) {
        if (ref == null || !REF.matcher(ref).matches()) {
            return Optional.empty();
        }
        Path file = root.resolve(tenant.toString()).resolve(item.toString()).resolve(ref);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    public static String contentType(String ref) {
        return ref.endsWith(".png") ? PNG : JPEG;
    }
}
