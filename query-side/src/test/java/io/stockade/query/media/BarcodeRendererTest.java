package io.stockade.query.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import io.stockade.query.media.BarcodeRenderer.Format;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class BarcodeRendererTest {

    private static final String ITEM_CODE = "STK7Q2M9XK4AB";
    private static final String LONGEST = "A1".repeat(50);

    private final BarcodeRenderer renderer = new BarcodeRenderer();

    @ParameterizedTest
    @EnumSource(Format.class)
    void pngDecodesToExactlyTheItemCode(Format format) throws Exception {
        BufferedImage image = readPng(renderer.png(ITEM_CODE, format, format.defaultScale()));

        assertThat(decode(image, format).getText()).isEqualTo(ITEM_CODE);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void pngRoundTripsAwkwardButValidValuesAtEveryScaleBoundary(Format format) throws Exception {
        for (String value : List.of("0", "0123456789", "a b-c/d.e%f+g$h", "~!\"#'()*,:;<=>?@[\\]^_`{|}", LONGEST)) {
            for (int scale : new int[] {1, 2, 10}) {
                BufferedImage image = readPng(renderer.png(value, format, scale));
                assertThat(decode(image, format, true).getText())
                        .as("%s at scale %d", value, scale)
                        .isEqualTo(value);
            }
        }
    }

    @Test
    void qrCarriesNonAsciiTextUnchanged() throws Exception {
        String value = "Größe-Ø 雪 ✓";

        assertThat(decode(readPng(renderer.png(value, Format.QR)), Format.QR, true)
                        .getText())
                .isEqualTo(value);
    }

    @Test
    void qrUsesErrorCorrectionMAndFourModuleMargin() throws Exception {
        int scale = 3;
        BufferedImage image = readPng(renderer.png(ITEM_CODE, Format.QR, scale));

        Result result = decode(image, Format.QR);
        assertThat(result.getResultMetadata().get(ResultMetadataType.ERROR_CORRECTION_LEVEL))
                .isEqualTo("M");
        assertThat(image.getWidth()).isEqualTo(image.getHeight());
        // Version 1 is 21 modules; plus 4 on each side.
        assertThat(image.getWidth()).isEqualTo((21 + 8) * scale);
        assertThat(whiteBorder(image, 4 * scale)).isTrue();
        // The finder pattern starts right after the margin.
        assertThat(isBlack(image, 4 * scale, 4 * scale)).isTrue();
    }

    @Test
    void code128AtDefaultScaleHasTwoPixelModulesQuietZonesAndSensibleHeight() throws Exception {
        BufferedImage image = readPng(renderer.png(ITEM_CODE, Format.CODE128));

        assertThat(image.getHeight()).isEqualTo(80);
        int y = image.getHeight() / 2;
        int narrowest = Integer.MAX_VALUE;
        int firstBlack = -1;
        int lastBlack = -1;
        int x = 0;
        while (x < image.getWidth()) {
            boolean black = isBlack(image, x, y);
            int start = x;
            while (x < image.getWidth() && isBlack(image, x, y) == black) {
                x++;
            }
            if (black) {
                firstBlack = firstBlack < 0 ? start : firstBlack;
                lastBlack = x - 1;
            }
            if (start > 0 && x < image.getWidth()) {
                narrowest = Math.min(narrowest, x - start);
            }
        }
        assertThat(narrowest).isEqualTo(2);
        assertThat(firstBlack).isEqualTo(10 * 2);
        assertThat(image.getWidth() - 1 - lastBlack).isEqualTo(10 * 2);
        // Every row is identical, so a tilted scan line sees the same bars.
        for (int row = 0; row < image.getHeight(); row++) {
            for (int col = 0; col < image.getWidth(); col++) {
                assertThat(isBlack(image, col, row)).isEqualTo(isBlack(image, col, y));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void svgIsStandaloneXmlMadeOfRectsOnly(Format format) throws Exception {
        String svg = renderer.svg(ITEM_CODE, format);

        Element root = parseSafely(svg).getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(root.getAttribute("viewBox")).matches("0 0 \\d+ \\d+");
        assertThat(root.getAttribute("width")).matches("\\d+");
        assertThat(root.getAttribute("height")).matches("\\d+");
        assertThat(root.getAttribute("shape-rendering")).isEqualTo("crispEdges");
        assertThat(root.getElementsByTagNameNS("*", "script").getLength()).isZero();
        assertThat(root.getElementsByTagNameNS("*", "rect").getLength()).isGreaterThan(10);
        assertThat(root.getTextContent()).isBlank();
        assertThat(svg)
                .doesNotContain(ITEM_CODE)
                .doesNotContainIgnoringCase("script")
                .doesNotContain("href");
        NodeList all = root.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element element = (Element) all.item(i);
            assertThat(element.getLocalName()).isIn("svg", "g", "rect");
            for (int a = 0; a < element.getAttributes().getLength(); a++) {
                assertThat(element.getAttributes().item(a).getNodeName()).doesNotStartWithIgnoringCase("on");
            }
        }
    }

    @Test
    void code128SvgMergesEachBarIntoOneFullHeightRect() throws Exception {
        Element root = parseSafely(renderer.svg(ITEM_CODE, Format.CODE128)).getDocumentElement();
        NodeList rects = root.getElementsByTagNameNS("*", "rect");

        // Code 128: start + 13 data characters (code set C may shorten it) + check + stop, 3 bars each,
        // stop has 4; so never more than 3 * 16 + 1 bars, plus the background rect.
        assertThat(rects.getLength()).isLessThanOrEqualTo(3 * 16 + 1 + 1);
        for (int i = 1; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            assertThat(rect.getAttribute("height")).isEqualTo("40");
            assertThat(Integer.parseInt(rect.getAttribute("x"))).isGreaterThanOrEqualTo(10);
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void svgRectsRasteriseToTheSameScannableSymbol(Format format) throws Exception {
        for (String value : List.of(ITEM_CODE, LONGEST)) {
            BufferedImage image =
                    rasterise(parseSafely(renderer.svg(value, format)).getDocumentElement(), 3);

            assertThat(decode(image, format, value.equals(LONGEST)).getText()).isEqualTo(value);
        }
    }

    @Test
    void formatParsesCaseInsensitively() {
        assertThat(Format.parse("qr")).isEqualTo(Format.QR);
        assertThat(Format.parse("QR")).isEqualTo(Format.QR);
        assertThat(Format.parse("Code128")).isEqualTo(Format.CODE128);
        assertThat(Format.parse(" CODE128 ")).isEqualTo(Format.CODE128);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"ean13", "code-128", "qrcode", "<svg>"})
    void unknownFormatIsRejectedWithAClearMessage(String text) {
        assertThatThrownBy(() -> Format.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 'qr' or 'code128'");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void invalidValuesAreRejected(Format format) {
        for (String bad : new String[] {null, "", "   ", "A".repeat(101), "AB\nCD", "AB\u0000", "x\uD800y"}) {
            assertThatThrownBy(() -> renderer.png(bad, format, 2)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> renderer.svg(bad, format)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void code128RejectsNonAsciiIncludingZxingFncEscapes() {
        for (String bad : new String[] {"Größe", "AB\u00f1CD", "snow\u2603", "tab\tbed", "del\u007f"}) {
            assertThatThrownBy(() -> renderer.png(bad, Format.CODE128, 2)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> renderer.svg(bad, Format.CODE128)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void scaleOutsideOneToTenIsRejected() {
        for (int scale : new int[] {0, -1, 11, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> renderer.png(ITEM_CODE, Format.QR, scale))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("between 1 and 10");
        }
    }

    @Test
    void nullFormatIsRejected() {
        assertThatThrownBy(() -> renderer.png(ITEM_CODE, null, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> renderer.svg(ITEM_CODE, null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static BufferedImage readPng(byte[] png) throws Exception {
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).isNotNull();
        return image;
    }

    /** ZXing's full detector, i.e. it must locate the symbol itself as a camera app would. */
    private static Result decode(BufferedImage image, Format format) throws NotFoundException {
        return decode(image, format, false);
    }

    /**
     * With {@code pure}, ZXing reads the image as a lone, axis-aligned QR code. Its general finder
     * pattern detector misses a fraction of a percent of perfectly rendered symbols (zxing issues
     * #410, #995) that phone scanners read fine, so value/scale sweeps use pure mode to stay
     * deterministic about what they test: the encoded content.
     */
    private static Result decode(BufferedImage image, Format format, boolean pure) throws NotFoundException {
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        if (pure) {
            hints.put(DecodeHintType.PURE_BARCODE, Boolean.TRUE);
        }
        hints.put(
                DecodeHintType.POSSIBLE_FORMATS,
                List.of(format == Format.QR ? BarcodeFormat.QR_CODE : BarcodeFormat.CODE_128));
        hints.put(DecodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
        MultiFormatReader reader = new MultiFormatReader();
        Result result =
                reader.decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))), hints);
        assertThat(result.getBarcodeFormat())
                .isEqualTo(format == Format.QR ? BarcodeFormat.QR_CODE : BarcodeFormat.CODE_128);
        return result;
    }

    private static boolean isBlack(BufferedImage image, int x, int y) {
        return (image.getRGB(x, y) & 0xFFFFFF) == 0;
    }

    private static boolean whiteBorder(BufferedImage image, int border) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                boolean inBorder =
                        x < border || y < border || x >= image.getWidth() - border || y >= image.getHeight() - border;
                if (inBorder && isBlack(image, x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Parses the way a careful consumer would: no DTDs, no external entities. */
    private static Document parseSafely(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        return builder.parse(new InputSource(new StringReader(xml)));
    }

    /** Paints the SVG's rects (viewBox units) so ZXing can confirm the vector output scans too. */
    private static BufferedImage rasterise(Element svg, int scale) {
        String[] viewBox = svg.getAttribute("viewBox").split(" ");
        int w = Integer.parseInt(viewBox[2]);
        int h = Integer.parseInt(viewBox[3]);
        BufferedImage image = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            // Start dark so a missing background rect would show up as a failure.
            g.setColor(Color.DARK_GRAY);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            NodeList rects = svg.getElementsByTagNameNS("*", "rect");
            for (int i = 0; i < rects.getLength(); i++) {
                Element rect = (Element) rects.item(i);
                g.setColor(Color.decode(fillOf(rect)));
                g.fillRect(
                        Integer.parseInt(rect.getAttribute("x")) * scale,
                        Integer.parseInt(rect.getAttribute("y")) * scale,
                        Integer.parseInt(rect.getAttribute("width")) * scale,
                        Integer.parseInt(rect.getAttribute("height")) * scale);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static String fillOf(Element element) {
        for (Node node = element; node instanceof Element e; node = node.getParentNode()) {
            if (e.hasAttribute("fill")) {
                return e.getAttribute("fill");
            }
        }
        return "#000000";
    }
}
