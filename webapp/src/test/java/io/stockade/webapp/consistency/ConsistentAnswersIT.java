package io.stockade.webapp.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Answers of racing writes each describe their own write: the item as that command left it, nothing merged. */
class ConsistentAnswersIT extends ApiTestBase {

    @Test
    void shouldAnswerEveryDeductionWithTheStockItLeftWhenDeductionsRace() throws Exception {
        int initial = 120;
        String id = createItem("Raced " + shortId(), initial, 5).get("id").asText();
        Api staff = staff();
        int clients = 12;
        int perClient = 10;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Api.Response>>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                start.await();
                List<Api.Response> mine = new ArrayList<>();
                for (int i = 0; i < perClient; i++) {
                    mine.add(staff.post(
                            "/api/inventory/" + id + "/stock",
                            Map.of("quantity", 1, "reason", "pick", "type", "deduction")));
                }
                return mine;
            }));
        }
        start.countDown();
        Set<Integer> stocksLeft = new HashSet<>();
        for (Future<List<Api.Response>> f : futures) {
            for (Api.Response r : f.get()) {
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
                int after = r.at("/transaction/stockAfter").asInt();
                assertThat(r.at("/item/currentStock").asInt())
                        .as("the item in an answer is the item right after that answer's movement")
                        .isEqualTo(after);
                assertThat(r.at("/item/status").asText())
                        .isEqualTo(after == 0 ? "Out of Stock" : after <= 5 ? "Low Stock" : "In Stock");
                stocksLeft.add(after);
            }
        }
        pool.shutdown();
        assertThat(stocksLeft)
                .as("every movement left a stock of its own")
                .hasSize(clients * perClient)
                .allMatch(s -> s >= 0 && s < initial);
    }

    @Test
    void shouldKeepBothChangesWhenTwoEditsOfDifferentFieldsRace() throws Exception {
        for (int round = 0; round < 5; round++) {
            String id = createItem("Edited " + shortId(), 3, 1).get("id").asText();
            String location = "L-" + shortId();
            String description = "D-" + shortId();
            Api manager = manager();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Callable<Api.Response> moveIt = () -> {
                start.await();
                return manager.put("/api/inventory/" + id, Map.of("location", location));
            };
            Callable<Api.Response> describeIt = () -> {
                start.await();
                return manager.put("/api/inventory/" + id, Map.of("description", description));
            };
            Future<Api.Response> moved = pool.submit(moveIt);
            Future<Api.Response> described = pool.submit(describeIt);
            start.countDown();
            assertThat(moved.get().status()).as(moved.get().toString()).isEqualTo(200);
            assertThat(described.get().status()).as(described.get().toString()).isEqualTo(200);
            pool.shutdown();
            assertThat(moved.get().at("/item/location").asText()).isEqualTo(location);
            assertThat(described.get().at("/item/description").asText()).isEqualTo(description);

            Api.Response item = admin().get("/api/inventory/" + id);
            assertThat(item.at("/item/location").asText())
                    .as("neither edit overwrote the other")
                    .isEqualTo(location);
            assertThat(item.at("/item/description").asText()).isEqualTo(description);
            assertThat(item.at("/item/name").asText()).startsWith("Edited ");
        }
    }
}
