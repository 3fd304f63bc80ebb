package io.stockade.query.audit.asof;

import io.stockade.api.common.TenantId;
import io.stockade.platform.tenancy.TenantScope;
import io.stockade.query.audit.asof.AsOfRepository.Flagged;
import io.stockade.query.audit.asof.AsOfRepository.Line;
import io.stockade.query.audit.asof.AsOfRepository.Version;
import io.stockade.query.audit.asof.AsOfViews.Anomaly;
import io.stockade.query.audit.asof.AsOfViews.AnomalyPage;
import io.stockade.query.audit.asof.AsOfViews.InventoryAsOf;
import io.stockade.query.audit.asof.AsOfViews.InventoryLine;
import io.stockade.query.audit.asof.AsOfViews.ItemAsOf;
import io.stockade.query.audit.asof.AsOfViews.ItemDetails;
import io.stockade.query.audit.asof.AsOfViews.Totals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/** Answers at (at, knownAt) from the bitemporal tables, under the caller's tenant. */
@Component
class AsOfQueries {
    static final int ITEM_ANOMALIES = 500;
    private final AsOfRepository rows;
    private final TenantScope tenants;

    AsOfQueries(AsOfRepository rows, TenantScope tenants) {
        this.rows = rows;
        this.tenants = tenants;
    }

    /** The item at (at, knownAt), or empty when the organisation has never had it. */
    Optional<ItemAsOf> item(TenantId tenant, UUID item, Instant at, Instant knownAt) {
        UUID t = tenant.value();
        return tenants.read(
                tenant,
                () -> rows.createdAt(t, item).map(created -> {
                    Instant recordedBy = at.isBefore(knownAt) ? at : knownAt;
                    Optional<Version> version = rows.versionAt(t, item, recordedBy);
                    long stock = rows.stockAt(t, item, at, knownAt);
                    List<Anomaly> anomalies = rows.anomalies(t, item, at, knownAt, 0, ITEM_ANOMALIES).stream()
                            .map(AsOfQueries::anomaly)
                            .toList();
                    Version v = version.orElse(null);
                    return new ItemAsOf(
                            item.toString(),
                            at,
                            knownAt,
                            v != null,
                            created.isAfter(knownAt) ? null : created,
                            stock,
                            v == null ? null : v.minThreshold(),
                            v == null ? null : v.archived(),
                            v == null ? null : details(v),
                            v == null ? null : v.recordedAt(),
                            anomalies);
                }));
    }

    InventoryAsOf inventory(TenantId tenant, Instant at, Instant knownAt, UUID category, int page, int limit) {
        AsOfRepository.Page p = tenants.read(
                tenant, () -> rows.inventory(tenant.value(), at, knownAt, category, (page - 1) * limit, limit));
        List<InventoryLine> lines = new ArrayList<>(p.lines().size());
        p.lines().forEach(l -> lines.add(line(l)));
        int pages = (int) Math.max(1, (p.totalItems() + limit - 1) / limit);
        return new InventoryAsOf(
                at,
                knownAt,
                category == null ? null : category.toString(),
                lines,
                new Totals(p.totalItems(), p.totalStock()),
                page,
                limit,
                pages);
    }

    void streamInventory(TenantId tenant, Instant at, Instant knownAt, UUID category, Consumer<InventoryLine> sink) {
        tenants.read(tenant, () -> {
            rows.streamInventory(tenant.value(), at, knownAt, category, l -> sink.accept(line(l)));
            return null;
        });
    }

    AnomalyPage anomalies(TenantId tenant, UUID item, Instant knownAt, int page, int limit) {
        List<Flagged> found = tenants.read(
                tenant, () -> rows.anomalies(tenant.value(), item, null, knownAt, (page - 1) * limit, limit + 1));
        boolean more = found.size() > limit;
        List<Anomaly> anomalies =
                found.stream().limit(limit).map(AsOfQueries::anomaly).toList();
        return new AnomalyPage(knownAt, anomalies, page, limit, more);
    }

    static Anomaly anomaly(Flagged f) {
        List<String> kinds = new ArrayList<>(2);
        if (f.balance() < 0) {
            kinds.add(AsOfViews.NEGATIVE_BALANCE);
        }
        if (f.itemCreatedAt() != null && f.effectiveAt().isBefore(f.itemCreatedAt())) {
            kinds.add(AsOfViews.BEFORE_CREATION);
        }
        return new Anomaly(
                f.itemId().toString(),
                kinds,
                f.sequence(),
                f.position(),
                f.recordedAt(),
                f.effectiveAt(),
                f.delta(),
                f.balance(),
                f.itemCreatedAt());
    }

    private static ItemDetails details(Version v) {
        return new ItemDetails(
                v.name(),
                v.sku(),
                v.barcode(),
                v.location(),
                text(v.categoryId()),
                text(v.subCategoryId()),
                v.shelf(),
                v.description(),
                v.imageRef());
    }

    private static InventoryLine line(Line l) {
        Version v = l.version();
        return new InventoryLine(
                v.itemId().toString(),
                v.name(),
                v.sku(),
                v.location(),
                text(v.categoryId()),
                text(v.subCategoryId()),
                v.minThreshold(),
                v.archived(),
                l.stock());
    }

    private static String text(UUID id) {
        return id == null ? null : id.toString();
    }
}
