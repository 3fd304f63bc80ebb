package io.stockade.webapp.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrentAdjustmentsIT extends ApiTestBase {

    @Test
    void shouldNeverOversellAndKeepLedgerEqualToStockWhenManyClientsDeductAtOnce() throws Exception {
        int initial = 250;
        String id = createItem("Contended " + shortId(), initial, 5).get("id").asText();
        Api staff = staff();
        int clients = 16;
        int attemptsPerClient = 20;
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Integer> unexpected = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < attemptsPerClient; i++) {
                    Api.Response r = staff.post(
                            "/api/inventory/" + id + "/stock",
                            Map.of("quantity", 1, "reason", "pick", "type", "deduction"));
                    if (r.status() == 200) {
                        accepted.incrementAndGet();
                    } else if (r.status() == 400 && r.at("/type").asText().endsWith("/insufficient-stock")) {
                        refused.incrementAndGet();
                    } else {
                        unexpected.add(r.status());
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(unexpected)
                .as("every adjustment is applied or cleanly refused")
                .isEmpty();
        assertThat(accepted.get()).isEqualTo(initial);
        assertThat(refused.get()).isEqualTo(clients * attemptsPerClient - initial);

        // The read model catches up with every accepted command, and the ledger adds up to the stock.
        long deadline = System.currentTimeMillis() + 10_000;
        int stock;
        do {
            stock = admin().get("/api/inventory/" + id).at("/item/currentStock").asInt();
        } while (stock != 0 && System.currentTimeMillis() < deadline);
        assertThat(stock).isZero();
        eventually(() -> assertThat(admin().get("/api/inventory/" + id + "/history?limit=1")
                        .at("/total")
                        .asInt())
                .isEqualTo(initial + 1));
        assertThat(admin().get("/api/inventory/" + id).at("/item/status").asText())
                .isEqualTo("Out of Stock");
    }
}
