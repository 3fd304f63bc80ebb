package io.stockade.query.audit.asof;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stockade.api.common.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** The answers of the as-of endpoints. */
final class AsOfViews {
    static final String NEGATIVE_BALANCE = "negative-balance";
    static final String BEFORE_CREATION = "before-creation";

    private AsOfViews() {}

    @Schema(description = "The item's details as its latest change recorded at or before min(at, knownAt) left them")
    record ItemDetails(
            String name,
            String sku,
            String barcode,
            String location,
            @Nullable @Schema(format = "uuid") String categoryId,
            @Nullable @Schema(format = "uuid") String subCategoryId,
            @Nullable String shelf,
            @Nullable String description,

            @Nullable @Schema(description = "The stored image's reference; null when the item had none")
            String imageRef) {}

    @Schema(
            description = "A stock movement flagged on the effective axis: after it the item's balance (movements "
                    + "summed in effective order, ties by their order in the item's stream) is negative, or it "
                    + "took effect before the item was created")
    record Anomaly(
            @Schema(format = "uuid") String itemId,

            @Schema(description = "negative-balance and/or before-creation")
            List<String> kinds,

            @Schema(description = "The movement's sequence number in the item's stream")
            long sequence,

            @Nullable @Schema(description = "The movement's global position (as GET /api/audit/events lists it)")
            Long position,

            Instant recordedAt,
            Instant effectiveAt,

            @Schema(description = "The signed quantity the movement applied")
            int quantityChange,

            @Schema(description = "The balance on the effective axis after this movement")
            long balanceAfter,

            @Nullable @Schema(description = "When the item was created (its creation's recorded time)")
            Instant itemCreatedAt) {}

    @Schema(description = "One item at effective time at, as the records showed at knownAt")
    record ItemAsOf(
            @Schema(format = "uuid") String itemId,
            Instant at,
            Instant knownAt,

            @Schema(
                    description = "False when the item had not been created at min(at, knownAt): details "
                            + "are then absent, minThreshold and archived null, and stock counts only movements "
                            + "dated before the item existed (each one an anomaly)")
            boolean existed,

            @Nullable @Schema(description = "When the item was created; null when not yet known at knownAt")
            Instant createdAt,

            @Schema(description = "Movements effective at or before at and recorded at or before knownAt, summed")
            long stock,

            @Nullable Integer minThreshold,
            @Nullable Boolean archived,

            @JsonInclude(JsonInclude.Include.NON_NULL) ItemDetails details,

            @Nullable @Schema(description = "The recorded time of the item change these details come from")
            Instant detailsRecordedAt,

            @Schema(description = "Anomalies of this item effective by at, as known at knownAt (at most 500)")
            List<Anomaly> anomalies) {}

    @Schema(description = "One item of the inventory at effective time at, as known at knownAt")
    record InventoryLine(
            @Schema(format = "uuid") String itemId,
            String name,
            String sku,
            String location,
            @Nullable @Schema(format = "uuid") String categoryId,
            @Nullable @Schema(format = "uuid") String subCategoryId,
            int minThreshold,
            boolean archived,
            long stock) {}

    @Schema(description = "Every matching item's count and their stock summed (all pages, archived items included)")
    record Totals(long items, long stock) {}

    record InventoryAsOf(
            Instant at,
            Instant knownAt,
            @Nullable @Schema(format = "uuid") String category,
            List<InventoryLine> items,
            Totals totals,
            int page,
            int limit,
            int totalPages) {}

    record AnomalyPage(
            @Nullable @Schema(description = "The knownAt the anomalies were computed for; null: now")
            Instant knownAt,

            List<Anomaly> anomalies,
            int page,
            int limit,

            @Schema(description = "True when another page may follow")
            boolean more) {}
}
