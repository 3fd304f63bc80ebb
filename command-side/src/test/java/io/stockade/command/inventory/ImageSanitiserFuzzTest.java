package io.stockade.command.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.stockade.command.inventory.ImageSanitiser.ImageRejectedException;
import io.stockade.command.inventory.ImageSanitiser.Sanitised;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Uploads are attacker-chosen bytes. Whatever they are, the sanitiser either refuses them with one of its
 * documented reasons (the API's 400/413/415 problems) or returns a fresh image that decodes again, has the
 * dimensions it reports, stays within the output bounds and carries no metadata at all: no EXIF, comment,
 * ICC profile or text chunk survives. Sanitising its own output again changes nothing about its shape.
 *
 * <p>Seeds: {@code src/test/resources/io/stockade/command/inventory/ImageSanitiserFuzzTestInputs/sanitise}.
 */
class ImageSanitiserFuzzTest {
    private static final Set<String> REASONS = Set.of(
            ImageRejectedException.UNSUPPORTED_TYPE,
            ImageRejectedException.TOO_LARGE,
            ImageRejectedException.TOO_MANY_PIXELS,
            ImageRejectedException.CORRUPT);
    /** All a re-encoded PNG needs; anything else (tEXt, iTXt, zTXt, eXIf, iCCP, tIME...) is metadata. */
    private static final Set<String> PNG_CHUNKS = Set.of("IHDR", "IDAT", "IEND");
    /** JFIF header, tables, frame, scan: no APP1-15 (EXIF, XMP, ICC, Adobe) and no COM. */
    private static final Set<Integer> JPEG_MARKERS = Set.of(0xE0, 0xDB, 0xC4, 0xC0, 0xC2, 0xDD, 0xDA);

    private final ImageSanitiser sanitiser = new ImageSanitiser();

    @FuzzTest(maxDuration = "10m")
    void sanitise(byte[] upload) throws IOException {
        Sanitised clean;
        try {
            clean = sanitiser.sanitise(upload);
        } catch (ImageRejectedException e) {
            assertThat(e.reason()).isIn(REASONS);
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(clean.width()).isBetween(1, ImageSanitiser.MAX_OUTPUT_SIDE);
        assertThat(clean.height()).isBetween(1, ImageSanitiser.MAX_OUTPUT_SIDE);
        if (clean.contentType().equals(ImageSanitiser.PNG)) {
            assertThat(pngChunks(clean.bytes())).isSubsetOf(PNG_CHUNKS);
        } else {
            assertThat(clean.contentType()).isEqualTo(ImageSanitiser.JPEG);
            assertThat(jpegMarkers(clean.bytes())).isSubsetOf(JPEG_MARKERS);
        }
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(clean.bytes()));
        assertThat(decoded).as("the sanitised image decodes").isNotNull();
        assertThat(decoded.getWidth()).isEqualTo(clean.width());
        assertThat(decoded.getHeight()).isEqualTo(clean.height());

        Sanitised again = sanitiser.sanitise(clean.bytes());
        assertThat(again.contentType()).isEqualTo(clean.contentType());
        assertThat(again.width()).isEqualTo(clean.width());
        assertThat(again.height()).isEqualTo(clean.height());
    }

    private static List<String> pngChunks(byte[] png) {
        assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n');
        ByteBuffer in = ByteBuffer.wrap(png, 8, png.length - 8);
        List<String> types = new ArrayList<>();
        while (in.remaining() >= 12) {
            int length = in.getInt();
            byte[] type = new byte[4];
            in.get(type);
            types.add(new String(type, StandardCharsets.US_ASCII));
            in.position(in.position() + length + 4);
        }
        assertThat(in.remaining()).as("nothing after the last chunk").isZero();
        assertThat(types).endsWith("IEND");
        return types;
    }

    /** The markers of a JPEG's header segments, from SOI up to and including the first SOS. */
    private static List<Integer> jpegMarkers(byte[] jpeg) {
        assertThat(jpeg).startsWith(0xFF, 0xD8);
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
        assertThat(markers).contains(0xDA);
        assertThat(jpeg).endsWith(0xFF, 0xD9);
        return markers;
    }
}
