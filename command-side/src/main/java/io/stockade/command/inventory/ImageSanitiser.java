package io.stockade.command.inventory;

import io.stockade.platform.media.ImageStore;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.springframework.stereotype.Component;

/**
 * Turns an untrusted product image upload into a freshly encoded PNG or JPEG.
 *
 * <p>Nothing of the upload's bytes survives: only decoded pixels are re-encoded, which drops EXIF
 * (including GPS), comments, ICC profiles, trailing data and any polyglot payload riding in ancillary
 * chunks. The type is decided by magic bytes alone because file names and declared content types are
 * attacker-chosen. Limits are enforced before any pixel memory is allocated: byte size first, then
 * the dimensions read from the header, so a small file claiming huge dimensions (a decompression
 * bomb) costs nothing. Plain Java and stateless, hence safe to share between threads.
 */
@Component
public final class ImageSanitiser {

    public static final int MAX_BYTES = 5 * 1024 * 1024;
    public static final long MAX_PIXELS = 40_000_000L;
    public static final int MAX_SIDE = 12_000;
    /** Longer side of the stored image; larger uploads are scaled down to it. */
    public static final int MAX_OUTPUT_SIDE = 2048;

    static final float JPEG_QUALITY = 0.9f;

    public static final String PNG = ImageStore.PNG;
    public static final String JPEG = ImageStore.JPEG;

    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    public record Sanitised(byte[] bytes, String contentType, int width, int height) implements ImageStore.Image {}

    /** Why an upload was refused; {@link #reason()} is stable for clients, the message is for humans. */
    public static final class ImageRejectedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public static final String UNSUPPORTED_TYPE = "unsupported-type";
        public static final String TOO_LARGE = "too-large";
        public static final String TOO_MANY_PIXELS = "too-many-pixels";
        public static final String CORRUPT = "corrupt";

        private final String reason;

        public ImageRejectedException(String reason, String message) {
            this(reason, message, null);
        }

        public ImageRejectedException(String reason, String message, Throwable cause) {
            // No stack trace: rejections are routine and come from user input.
            super(message, cause, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private enum SourceType {
        JPEG,
        PNG,
        WEBP
    }

    public ImageSanitiser() {}

    /**
     * Reads at most {@link #MAX_BYTES} + 1 bytes, so an oversized or endless upload is refused without
     * being buffered. The stream is not closed; it belongs to the caller.
     */
    public Sanitised sanitise(InputStream upload) {
        if (upload == null) {
            throw new ImageRejectedException(ImageRejectedException.CORRUPT, "No image was uploaded");
        }
        byte[] bytes;
        try {
            bytes = upload.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            // A broken connection is not the image's fault, so not a rejection.
            throw new UncheckedIOException("Could not read the upload", e);
        }
        return sanitise(bytes);
    }

    public Sanitised sanitise(byte[] upload) {
        if (upload == null || upload.length == 0) {
            throw new ImageRejectedException(ImageRejectedException.CORRUPT, "The uploaded file is empty");
        }
        if (upload.length > MAX_BYTES) {
            throw new ImageRejectedException(
                    ImageRejectedException.TOO_LARGE, "Images may be at most " + (MAX_BYTES / (1024 * 1024)) + " MB");
        }
        SourceType type = detect(upload);
        Decoded decoded = decode(upload, type);
        // EXIF goes, so its orientation has to be baked into the pixels first, or portrait phone
        // photos would come out lying on their side.
        int orientation = type == SourceType.JPEG ? ExifOrientation.read(upload) : 1;
        BufferedImage image = ExifOrientation.apply(toSrgb(decoded.image()), orientation);
        boolean swapsSides = orientation >= 5;
        image = downscale(
                image,
                swapsSides ? decoded.sourceHeight() : decoded.sourceWidth(),
                swapsSides ? decoded.sourceWidth() : decoded.sourceHeight());
        boolean alpha = image.getColorModel().hasAlpha();
        byte[] bytes = alpha ? encodePng(image) : encodeJpeg(image);
        return new Sanitised(bytes, alpha ? PNG : JPEG, image.getWidth(), image.getHeight());
    }

    /** The decoded (possibly subsampled) pixels plus the header's dimensions, which fix the output size. */
    private record Decoded(BufferedImage image, int sourceWidth, int sourceHeight) {}

    private static Decoded decode(byte[] upload, SourceType type) {
        ImageReader reader = readerFor(type);
        // In-memory stream on purpose: ImageIO.createImageInputStream would spill to a temp file.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(upload))) {
            // seekForwardOnly and ignoreMetadata: we never want the metadata, and not parsing it
            // shrinks what a hostile file can reach.
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkDimensions(width, height);
            return new Decoded(reader.read(0, readParam(reader, width, height)), width, height);
        } catch (ImageRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Codec internals surface malformed input as assorted runtime exceptions as well as
            // IIOException; to the client they all mean the same thing.
            throw new ImageRejectedException(
                    ImageRejectedException.CORRUPT, "The image could not be read; it may be damaged or truncated", e);
        } finally {
            reader.dispose();
        }
    }

    private static SourceType detect(byte[] upload) {
        if (startsWith(upload, 0, JPEG_MAGIC)) {
            return SourceType.JPEG;
        }
        if (startsWith(upload, 0, PNG_MAGIC)) {
            return SourceType.PNG;
        }
        if (startsWith(upload, 0, new byte[] {'R', 'I', 'F', 'F'})
                && startsWith(upload, 8, new byte[] {'W', 'E', 'B', 'P'})) {
            return SourceType.WEBP;
        }
        throw new ImageRejectedException(
                ImageRejectedException.UNSUPPORTED_TYPE, "Only JPEG, PNG and WebP images are accepted");
    }

    private static ImageReader readerFor(SourceType type) {
        // Chosen by the type we detected rather than by letting ImageIO sniff again, so the decoder
        // is always the one our magic-byte check vouched for.
        String formatName = switch (type) {
            case JPEG -> "jpeg";
            case PNG -> "png";
            case WEBP -> "webp";
        };
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(formatName);
        if (!readers.hasNext()) {
            // The JDK ships no WebP decoder and we deliberately add no native/third-party codec to
            // the upload path; WebP works automatically if a reader plugin (e.g. TwelveMonkeys
            // imageio-webp) is ever put on the classpath.
            throw new ImageRejectedException(
                    ImageRejectedException.UNSUPPORTED_TYPE,
                    type == SourceType.WEBP
                            ? "WebP images need a decoder that is not bundled with this service; please upload JPEG or PNG"
                            : "No decoder is available for this image type");
        }
        return readers.next();
    }

    private static void checkDimensions(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new ImageRejectedException(ImageRejectedException.CORRUPT, "The image header declares no pixels");
        }
        if (width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) {
            throw new ImageRejectedException(
                    ImageRejectedException.TOO_MANY_PIXELS,
                    "Images may be at most " + MAX_SIDE + " px on a side and " + MAX_PIXELS / 1_000_000
                            + " megapixels; this one is " + width + " x " + height);
        }
    }

    /**
     * Large sources are decoded with integer subsampling so peak memory follows the output size,
     * not the upload's. The decode stays at least twice the target so the smooth downscale that
     * follows hides the aliasing that plain subsampling would show.
     */
    private static ImageReadParam readParam(ImageReader reader, int width, int height) {
        ImageReadParam param = reader.getDefaultReadParam();
        int step = Math.max(width, height) / (2 * MAX_OUTPUT_SIDE);
        if (step > 1) {
            param.setSourceSubsampling(step, step, 0, 0);
        }
        return param;
    }

    /** Normalises to 8-bit sRGB so the writers never meet a colour model they cannot encode. */
    private static BufferedImage toSrgb(BufferedImage source) {
        int type = source.getType();
        if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB) {
            return source;
        }
        if (source.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_CMYK) {
            return cmykToRgb(source.getRaster());
        }
        boolean alpha = source.getColorModel().hasAlpha();
        BufferedImage target = new BufferedImage(
                source.getWidth(),
                source.getHeight(),
                alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        // drawImage converts through the source's colour space (ICC profiles, grey, 16-bit, palettes).
        Graphics2D g = target.createGraphics();
        try {
            g.drawImage(source, 0, 0, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    /**
     * Java2D's CMYK conversion (drawImage or ColorConvertOp through the reader's CMYK colour space)
     * visibly washes colours out, so CMYK JPEGs are converted with the plain formula instead, which
     * matches what browsers and ImageMagick show for untagged CMYK. The JDK reader has already undone
     * Adobe's inversion and YCCK encoding, so the raster holds real ink amounts.
     */
    private static BufferedImage cmykToRgb(Raster cmyk) {
        int width = cmyk.getWidth();
        int height = cmyk.getHeight();
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width * 4];
        int[] rgb = new int[width];
        for (int y = 0; y < height; y++) {
            cmyk.getPixels(cmyk.getMinX(), cmyk.getMinY() + y, width, 1, row);
            for (int x = 0; x < width; x++) {
                int k = 255 - row[x * 4 + 3];
                int r = (255 - row[x * 4]) * k / 255;
                int g = (255 - row[x * 4 + 1]) * k / 255;
                int b = (255 - row[x * 4 + 2]) * k / 255;
                rgb[x] = r << 16 | g << 8 | b;
            }
            target.setRGB(0, y, width, 1, rgb, 0, width);
        }
        return target;
    }

    /**
     * Halves with bilinear filtering until within 2x of the target, then one bicubic step: a single
     * large bilinear/bicubic step only samples a few source pixels per output pixel and looks jagged.
     */
    private static BufferedImage downscale(BufferedImage image, int sourceWidth, int sourceHeight) {
        int longer = Math.max(sourceWidth, sourceHeight);
        if (longer <= MAX_OUTPUT_SIDE) {
            return image;
        }
        // Sized from the header, not the subsampled decode, so subsampling never shifts the result by a pixel.
        double ratio = (double) MAX_OUTPUT_SIDE / longer;
        int targetWidth = Math.max(1, (int) Math.round(sourceWidth * ratio));
        int targetHeight = Math.max(1, (int) Math.round(sourceHeight * ratio));
        BufferedImage current = image;
        while (current.getWidth() / 2 >= targetWidth && current.getHeight() / 2 >= targetHeight) {
            current = resize(
                    current,
                    current.getWidth() / 2,
                    current.getHeight() / 2,
                    RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        if (current.getWidth() != targetWidth || current.getHeight() != targetHeight) {
            current = resize(current, targetWidth, targetHeight, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        }
        return current;
    }

    private static BufferedImage resize(BufferedImage source, int width, int height, Object interpolation) {
        BufferedImage target = new BufferedImage(width, height, source.getType());
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(
                    RenderingHints.KEY_ALPHA_INTERPOLATION, RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    private static byte[] encodePng(BufferedImage image) {
        return write(writerFor("png"), image, null);
    }

    private static byte[] encodeJpeg(BufferedImage image) {
        ImageWriter writer = writerFor("jpeg");
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(JPEG_QUALITY);
        return write(writer, image, param);
    }

    private static byte[] write(ImageWriter writer, BufferedImage image, ImageWriteParam param) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            // No metadata and no thumbnails: only pixels leave this class.
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            // Only memory is involved, so this is a bug rather than anything about the upload.
            throw new UncheckedIOException("Could not encode the sanitised image", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static ImageWriter writerFor(String format) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        if (!writers.hasNext()) {
            throw new IllegalStateException("The JDK's " + format + " writer is missing");
        }
        return writers.next();
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        if (data.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Just enough of EXIF to find the orientation tag in a JPEG's APP1 segment. Hand-rolled and
     * bounds-checked so that no metadata parser runs on untrusted bytes; anything unexpected simply
     * means "upright".
     */
    static final class ExifOrientation {
        private static final int TAG_ORIENTATION = 0x0112;
        private static final int TYPE_SHORT = 3;

        private ExifOrientation() {}

        static int read(byte[] jpeg) {
            int pos = 2;
            while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xFF) == 0xFF) {
                int marker = jpeg[pos + 1] & 0xFF;
                if (marker == 0xDA || marker == 0xD9) {
                    break;
                }
                int length = u16(jpeg, pos + 2, false);
                if (length < 2 || pos + 2 + length > jpeg.length) {
                    break;
                }
                if (marker == 0xE1 && length >= 8 && startsWith(jpeg, pos + 4, new byte[] {'E', 'x', 'i', 'f', 0, 0})) {
                    int orientation = fromTiff(jpeg, pos + 10, pos + 2 + length);
                    if (orientation != 0) {
                        return orientation;
                    }
                }
                pos += 2 + length;
            }
            return 1;
        }

        /** Orientation from IFD0 of the TIFF structure in [start, end), or 0 if absent or malformed. */
        private static int fromTiff(byte[] data, int start, int end) {
            if (end - start < 8) {
                return 0;
            }
            boolean little;
            if (data[start] == 'I' && data[start + 1] == 'I') {
                little = true;
            } else if (data[start] == 'M' && data[start + 1] == 'M') {
                little = false;
            } else {
                return 0;
            }
            long ifd = u32(data, start + 4, little);
            if (ifd < 8 || ifd > end - start - 2) {
                return 0;
            }
            int entries = start + (int) ifd;
            int count = u16(data, entries, little);
            for (int i = 0; i < count; i++) {
                int entry = entries + 2 + i * 12;
                if (entry + 12 > end) {
                    return 0;
                }
                if (u16(data, entry, little) == TAG_ORIENTATION) {
                    int value = u16(data, entry + 8, little);
                    boolean valid = u16(data, entry + 2, little) == TYPE_SHORT && value >= 1 && value <= 8;
                    return valid ? value : 0;
                }
            }
            return 0;
        }

        /** Returns the image as it should be displayed for the given EXIF orientation (1..8). */
        static BufferedImage apply(BufferedImage source, int orientation) {
            if (orientation < 2 || orientation > 8) {
                return source;
            }
            int w = source.getWidth();
            int h = source.getHeight();
            boolean swap = orientation >= 5;
            int dw = swap ? h : w;
            int dh = swap ? w : h;
            int[] src = source.getRGB(0, 0, w, h, null, 0, w);
            int[] dst = new int[src.length];
            for (int y = 0; y < dh; y++) {
                for (int x = 0; x < dw; x++) {
                    int sx;
                    int sy;
                    switch (orientation) {
                        case 2 -> {
                            sx = w - 1 - x;
                            sy = y;
                        }
                        case 3 -> {
                            sx = w - 1 - x;
                            sy = h - 1 - y;
                        }
                        case 4 -> {
                            sx = x;
                            sy = h - 1 - y;
                        }
                        case 5 -> {
                            sx = y;
                            sy = x;
                        }
                        case 6 -> {
                            sx = y;
                            sy = h - 1 - x;
                        }
                        case 7 -> {
                            sx = w - 1 - y;
                            sy = h - 1 - x;
                        }
                        default -> {
                            sx = w - 1 - y;
                            sy = x;
                        }
                    }
                    dst[y * dw + x] = src[sy * w + sx];
                }
            }
            BufferedImage target = new BufferedImage(dw, dh, source.getType());
            target.setRGB(0, 0, dw, dh, dst, 0, dw);
            return target;
        }

        private static int u16(byte[] data, int pos, boolean little) {
            int a = data[pos] & 0xFF;
            int b = data[pos + 1] & 0xFF;
            return little ? b << 8 | a : a << 8 | b;
        }

        private static long u32(byte[] data, int pos, boolean little) {
            long hi = u16(data, pos, little);
            long lo = u16(data, pos + 2, little);
            return little ? lo << 16 | hi : hi << 16 | lo;
        }
    }
}
