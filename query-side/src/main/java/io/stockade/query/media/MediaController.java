package io.stockade.query.media;

import io.stockade.api.common.ItemId;
import io.stockade.api.common.TenantId;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.media.ImageStore;
import io.stockade.platform.media.SignedUrls;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Images and barcode pictures, fetched by {@code <img>} tags through signed links (no token in the
 * URL). Served as attachments-that-display with nosniff and a sandboxing CSP, so a file can never
 * run as a page of this origin.
 */
@RestController
class MediaController {
    private static final String SANDBOX = "default-src 'none'; sandbox";
    private final SignedUrls urls;
    private final ImageStore images;
    private final BarcodeRenderer barcodes;

    MediaController(SignedUrls urls, ImageStore images, BarcodeRenderer barcodes) {
        this.urls = urls;
        this.images = images;
        this.barcodes = barcodes;
    }

    @GetMapping("/api/inventory/{id}/image")
    ResponseEntity<byte[]> image(
            @PathVariable UUID id, @RequestParam Map<String, String> params, HttpServletRequest request)
            throws IOException {
        TenantId tenant = verify(request, params);
        String ref = params.get("ref");
        var file = images.find(tenant, new ItemId(id), ref).orElseThrow(() -> ProblemException.notFound("Image"));
        return media(
                Files.readAllBytes(file),
                MediaType.parseMediaType(ImageStore.contentType(ref)),
                "item-" + id + (ref.endsWith(".png") ? ".png" : ".jpg"));
    }

    @GetMapping("/api/inventory/{id}/barcode.png")
    ResponseEntity<byte[]> png(
            @PathVariable UUID id, @RequestParam Map<String, String> params, HttpServletRequest request) {
        verify(request, params);
        BarcodeRenderer.Format format = format(params.get("format"));
        return media(barcodes.png(params.get("code"), format), MediaType.IMAGE_PNG, "barcode-" + id + ".png");
    }

    @GetMapping("/api/inventory/{id}/barcode.svg")
    ResponseEntity<byte[]> svg(
            @PathVariable UUID id, @RequestParam Map<String, String> params, HttpServletRequest request) {
        verify(request, params);
        BarcodeRenderer.Format format = format(params.get("format"));
        return media(
                barcodes.svg(params.get("code"), format).getBytes(StandardCharsets.UTF_8),
                MediaType.valueOf("image/svg+xml"),
                "barcode-" + id + ".svg");
    }

    private TenantId verify(HttpServletRequest request, Map<String, String> params) {
        return urls.verify(request.getRequestURI(), new HashMap<>(params))
                .orElseThrow(() -> new ProblemException(
                        HttpStatus.FORBIDDEN,
                        "invalid-link",
                        "Forbidden",
                        "This link is invalid or has expired",
                        List.of()));
    }

    private static BarcodeRenderer.Format format(String format) {
        try {
            return BarcodeRenderer.Format.parse(format == null ? "qr" : format);
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation("format", "format must be qr or code128");
        }
    }

    private static ResponseEntity<byte[]> media(byte[] body, MediaType type, String filename) {
        return ResponseEntity.ok()
                .contentType(type)
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePrivate())
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + filename + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", SANDBOX)
                .body(body);
    }
}
