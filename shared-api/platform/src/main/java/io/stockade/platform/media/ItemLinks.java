package io.stockade.platform.media;

import io.stockade.api.common.TenantId;
import io.stockade.api.inventory.InventoryQueries.ItemView;
import java.util.LinkedHashMap;
import java.util.Map;

/** Adds the signed image and barcode links to an item before it leaves the server. */
public class ItemLinks {
    private final SignedUrls urls;

    public ItemLinks(SignedUrls urls) {
        this.urls = urls;
    }

    public ItemView apply(TenantId tenant, ItemView item) {
        String base = "/api/inventory/" + item.id();
        String image =
                item.imageRef() == null ? null : urls.sign(tenant, base + "/image", Map.of("ref", item.imageRef()));
        Map<String, String> barcodes = new LinkedHashMap<>();
        for (String format : new String[] {"qr", "code128"}) {
            for (String type : new String[] {"png", "svg"}) {
                barcodes.put(
                        format + "-" + type,
                        urls.sign(tenant, base + "/barcode." + type, Map.of("format", format, "code", item.barcode())));
            }
        }
        return item.withLinks(image, barcodes);
    }
}
