package io.stockade.query.media;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code128Writer;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.springframework.stereotype.Component;

/**
 * Renders an item's barcode string as a scannable PNG or SVG label.
 *
 * <p>Everything is computed on a module grid first (one cell per bar module / QR module) and only
 * then scaled by a whole number of pixels, so every module has exactly the same width. Letting
 * ZXing stretch to an arbitrary pixel width instead produces uneven bars that phone cameras
 * misread. Plain Java and stateless, hence safe to share between threads.
 */
@Component
final class BarcodeRenderer {

    public enum Format {
        QR(4),
        CODE128(2);

        // Px per module when the caller does not choose: 2 keeps Code 128 bars wide enough for phone
        // cameras, while QR modules are far fewer so they can afford to be bigger.
        private final int defaultScale;

        Format(int defaultScale) {
            this.defaultScale = defaultScale;
        }

        public int defaultScale() {
            return defaultScale;
        }

        /** Parses the external spelling ("qr", "code128"), ignoring case. */
        public static Format parse(String text) {
            if (text != null) {
                switch (text.trim().toLowerCase(Locale.ROOT)) {
                    case "qr":
                        return QR;
                    case "code128":
                        return CODE128;
                    default:
                        break;
                }
            }
            throw new IllegalArgumentException("Unknown barcode format '" + text + "'; expected 'qr' or 'code128'");
        }
    }

    public static final int MAX_LENGTH = 100;
    public static final int MIN_SCALE = 1;
    public static final int MAX_SCALE = 10;

    // ISO/IEC 15417 asks for at least 10 modules of quiet zone; scanners fail to find the start
    // pattern without it, particularly when the label sits next to printed text.
    static final int CODE128_QUIET_ZONE = 10;
    // Bar height in modules: 80 px at the default scale of 2, comfortably above 15% of the width
    // for typical item codes so a slightly tilted camera still crosses every bar.
    static final int CODE128_HEIGHT_MODULES = 40;
    // The QR spec's quiet zone; smaller margins work with some readers and fail with others.
    static final int QR_MARGIN = 4;

    public BarcodeRenderer() {}

    /** PNG at the format's default scale. */
    public byte[] png(String value, Format format) {
        return png(value, format, requireFormat(format).defaultScale());
    }

    /**
     * PNG whose modules are each {@code scale} x {@code scale} pixels (Code 128 bars are
     * {@code scale} px wide), quiet zone included.
     */
    public byte[] png(String value, Format format, int scale) {
        if (scale < MIN_SCALE || scale > MAX_SCALE) {
            throw new IllegalArgumentException(
                    "Scale must be between " + MIN_SCALE + " and " + MAX_SCALE + " but was " + scale);
        }
        BitMatrix modules = modules(value, format);
        int width = modules.getWidth() * scale;
        int height = modules.getHeight() * scale;
        // 1-bit palette image: the PNG stays tiny and there is no anti-aliasing grey to confuse scanners.
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY);
        WritableRaster raster = image.getRaster();
        int[] row = new int[width];
        for (int my = 0; my < modules.getHeight(); my++) {
            for (int mx = 0; mx < modules.getWidth(); mx++) {
                // Palette index 0 is black, 1 is white.
                int sample = modules.get(mx, my) ? 0 : 1;
                for (int i = 0; i < scale; i++) {
                    row[mx * scale + i] = sample;
                }
            }
            for (int i = 0; i < scale; i++) {
                raster.setSamples(0, my * scale + i, width, 1, 0, row);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("No PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Standalone SVG in module units (viewBox), sized at the format's default scale. Contains only
     * rects, never text, so nothing caller-supplied ends up in the markup.
     */
    public String svg(String value, Format format) {
        BitMatrix modules = modules(value, format);
        int w = modules.getWidth();
        int h = modules.getHeight();
        int scale = format.defaultScale();
        StringBuilder svg = new StringBuilder(256 + w * h / 4);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"")
                .append(" width=\"")
                .append(w * scale)
                .append("\" height=\"")
                .append(h * scale)
                .append('"')
                .append(" viewBox=\"0 0 ")
                .append(w)
                .append(' ')
                .append(h)
                .append('"')
                .append(" shape-rendering=\"crispEdges\">\n")
                // Explicit white background: a transparent quiet zone on a dark page is no quiet zone.
                .append("<rect x=\"0\" y=\"0\" width=\"")
                .append(w)
                .append("\" height=\"")
                .append(h)
                .append("\" fill=\"#ffffff\"/>\n")
                .append("<g fill=\"#000000\">\n");
        if (format == Format.CODE128) {
            // Every row is identical, so one full-height rect per run of dark modules.
            appendRuns(svg, modules, 0, h);
        } else {
            for (int y = 0; y < h; y++) {
                appendRuns(svg, modules, y, 1);
            }
        }
        svg.append("</g>\n</svg>\n");
        return svg.toString();
    }

    private static void appendRuns(StringBuilder svg, BitMatrix modules, int y, int height) {
        int w = modules.getWidth();
        int x = 0;
        while (x < w) {
            if (!modules.get(x, y)) {
                x++;
                continue;
            }
            int start = x;
            while (x < w && modules.get(x, y)) {
                x++;
            }
            svg.append("<rect x=\"")
                    .append(start)
                    .append("\" y=\"")
                    .append(y)
                    .append("\" width=\"")
                    .append(x - start)
                    .append("\" height=\"")
                    .append(height)
                    .append("\"/>\n");
        }
    }

    /** The symbol at one pixel per module, quiet zone included. */
    private static BitMatrix modules(String value, Format format) {
        requireFormat(format);
        validate(value, format);
        return format == Format.QR ? qrModules(value) : code128Modules(value);
    }

    private static BitMatrix code128Modules(String value) {
        boolean[] bars = new Code128Writer().encode(value);
        int width = bars.length + 2 * CODE128_QUIET_ZONE;
        BitMatrix matrix = new BitMatrix(width, CODE128_HEIGHT_MODULES);
        for (int i = 0; i < bars.length; i++) {
            if (bars[i]) {
                matrix.setRegion(CODE128_QUIET_ZONE + i, 0, 1, CODE128_HEIGHT_MODULES);
            }
        }
        return matrix;
    }

    private static BitMatrix qrModules(String value) {
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
        hints.put(EncodeHintType.MARGIN, QR_MARGIN);
        // ZXing's default byte encoding is ISO-8859-1, which would silently turn other characters
        // into '?'. Only declare UTF-8 (an ECI header) when needed: some older scanners print ECI
        // headers literally, and item codes are plain ASCII.
        if (!isAscii(value)) {
            hints.put(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
        }
        try {
            // Width/height 0 means "natural size": exactly one pixel per module plus the margin.
            return new QRCodeWriter().encode(value, BarcodeFormat.QR_CODE, 0, 0, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("Value cannot be encoded as a QR code: " + e.getMessage(), e);
        }
    }

    private static void validate(String value, Format format) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Barcode value must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "Barcode value must be at most " + MAX_LENGTH + " characters but was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // Code 128 can only carry ASCII, and ZXing's writer treats U+00F1..U+00F4 as FNC escapes,
            // so anything outside printable ASCII would not round-trip to the same string.
            if (format == Format.CODE128 && (c < 0x20 || c > 0x7E)) {
                throw new IllegalArgumentException(
                        "Code 128 value must be printable ASCII; invalid character at index " + i);
            }
            // Control characters never belong in an item code and scanners "type" them as keystrokes.
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(
                        "Barcode value must not contain control characters; found one at index " + i);
            }
        }
        // A lone surrogate would be written as '?' and so decode to a different string.
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(value)) {
            throw new IllegalArgumentException("Barcode value is not valid Unicode text");
        }
    }

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static Format requireFormat(Format format) {
        if (format == null) {
            throw new IllegalArgumentException("Barcode format is required");
        }
        return format;
    }
}
