package io.stockade.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class MediaIT extends ApiTestBase {

    @Test
    void shouldServeBarcodesThatDecodeToTheItemsBarcodeThroughSignedLinksOnly() throws Exception {
        JsonNode item = createItem("Scannable " + shortId(), 3, 1);
        String barcode = item.get("barcode").asText();
        for (String key : new String[] {"qr-png", "code128-png"}) {
            String url = item.at("/barcodeUrls/" + key).asText();
            assertThat(url).contains("sig=").doesNotContain("Bearer");
            HttpResponse<byte[]> png = anonymous().getBytes(url);
            assertThat(png.statusCode()).isEqualTo(200);
            assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(png.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(png.headers().firstValue("Content-Security-Policy").orElse(""))
                    .contains("sandbox");
            assertThat(png.headers().firstValue("Content-Disposition").orElse(""))
                    .startsWith("inline");
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
            String decoded = new MultiFormatReader()
                    .decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
                    .getText();
            assertThat(decoded).isEqualTo(barcode);
        }
        HttpResponse<byte[]> svg =
                anonymous().getBytes(item.at("/barcodeUrls/qr-svg").asText());
        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(new String(svg.body(), StandardCharsets.UTF_8))
                .contains("<svg")
                .doesNotContain("<script");

        String url = item.at("/barcodeUrls/qr-png").asText();
        assertThat(anonymous().getBytes(url.replace("sig=", "sig=x")).statusCode())
                .isEqualTo(403);
        assertThat(anonymous()
                        .getBytes(url.replace("code=" + barcode, "code=STKFORGED"))
                        .statusCode())
                .isEqualTo(403);
        String otherItem = createItem("Other " + shortId(), 1, 0).get("id").asText();
        assertThat(anonymous()
                        .getBytes(url.replace(item.get("id").asText(), otherItem))
                        .statusCode())
                .isEqualTo(403);
        assertThat(anonymous()
                        .getBytes(
                                "/api/inventory/" + item.get("id").asText() + "/barcode.png?format=qr&code=" + barcode)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void shouldReencodeUploadedImagesAndServeThemThroughSignedLinks() throws Exception {
        String id = createItem("Pictured " + shortId(), 3, 1).get("id").asText();
        byte[] upload = pngWithHiddenText(64, 48, "SECRET-PAYLOAD");
        Api.Response r = manager()
                .postMultipart("/api/inventory/" + id + "/image", Map.of(), "image", "photo.png", "image/png", upload);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String imageUrl = r.at("/item/imageUrl").asText();
        assertThat(imageUrl).contains("/api/inventory/" + id + "/image?").contains("sig=");
        HttpResponse<byte[]> served = anonymous().getBytes(imageUrl);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(new String(served.body(), StandardCharsets.ISO_8859_1)).doesNotContain("SECRET-PAYLOAD");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(served.body()));
        assertThat(image.getWidth()).isEqualTo(64);
        assertThat(admin().get("/api/inventory/" + id).at("/item/imageUrl").asText())
                .contains("sig=");

        Api.Response html = manager()
                .postMultipart(
                        "/api/inventory/" + id + "/image",
                        Map.of(),
                        "image",
                        "evil.png",
                        "image/png",
                        "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));
        assertThat(html.status()).isEqualTo(415);
        assertThat(html.at("/errors/0/field").asText()).isEqualTo("image");
        assertThat(staff().postMultipart(
                                "/api/inventory/" + id + "/image", Map.of(), "image", "p.png", "image/png", upload)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void shouldCreateAnItemWithItsImageFromAMultipartForm() throws Exception {
        Api.Response r = admin().postMultipart(
                        "/api/inventory",
                        Map.of(
                                "name",
                                "Form item " + shortId(),
                                "location",
                                "F",
                                "currentStock",
                                "4",
                                "minThreshold",
                                "2"),
                        "image",
                        "p.jpg",
                        "image/png",
                        pngWithHiddenText(20, 20, "x"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.at("/item/currentStock").asInt()).isEqualTo(4);
        assertThat(r.at("/item/imageUrl").asText()).contains("sig=");
        // The SPA sends every mutation with an Idempotency-Key: the create and the image are two commands
        // under it, and a retry of the whole request gives the same item back.
        Map<String, String> key = Map.of("Idempotency-Key", "form-" + shortId() + "-retry");
        Map<String, String> form = Map.of("name", "Keyed form item " + shortId(), "location", "F", "currentStock", "1");
        byte[] png = pngWithHiddenText(16, 16, "y");
        Api.Response keyed = admin().postMultipart("/api/inventory", form, "image", "k.png", "image/png", png, key);
        assertThat(keyed.status()).as(keyed.toString()).isEqualTo(201);
        assertThat(keyed.at("/item/imageRef").asText()).isNotBlank();
        Api.Response retried = admin().postMultipart("/api/inventory", form, "image", "k.png", "image/png", png, key);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
        assertThat(retried.at("/item/id").asText())
                .isEqualTo(keyed.at("/item/id").asText());
        assertThat(retried.at("/item/version").asLong())
                .isEqualTo(keyed.at("/item/version").asLong());
        Api.Response bad = admin().postMultipart(
                        "/api/inventory",
                        Map.of("location", "F", "currentStock", "many"),
                        "image",
                        "p.png",
                        "image/png",
                        null);
        assertThat(bad.status()).isEqualTo(400);
    }

    private static byte[] pngWithHiddenText(int w, int h, String hidden) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        // Trailing bytes after IEND: invisible to viewers, kept by naive storage.
        out.write(hidden.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
