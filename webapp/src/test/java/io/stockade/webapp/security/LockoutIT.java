package io.stockade.webapp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import io.stockade.webapp.support.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Seed 002's lockout: five failed sign-ins lock an account for fifteen minutes (on a clock the test
 * moves), the lock and the unlock are events, a success resets the count, and a failed sign-in
 * looks and takes the same whether the account is unknown, locked or given a wrong password.
 */
class LockoutIT extends ApiTestBase {
    @Autowired
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private String newUser() {
        String username = "lock-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = admin().post(
                        "/api/auth/register",
                        Map.of(
                                "username",
                                username,
                                "email",
                                username + "@example.test",
                                "password",
                                PASSWORD,
                                "role",
                                "Staff"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return username;
    }

    private Api.Response attempt(String username, String password) {
        return anonymous().post("/api/auth/login", Map.of("username", username, "password", password));
    }

    private void awaitEvent(String username, String type) {
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    JsonNode events = admin().get("/api/security/events?type=" + type + "&limit=100")
                            .body()
                            .get("events");
                    assertThat(events.toString()).contains("\"username\":\"" + username + "\"");
                });
    }

    @Test
    void shouldLockAfterFiveFailuresAndUnlockFifteenMinutesLater() {
        String user = newUser();
        for (int i = 0; i < 5; i++) {
            assertThat(attempt(user, "Wrong-Passw0rd-" + i).status()).isEqualTo(401);
        }
        awaitEvent(user, "ACCOUNT_LOCKED");

        Api.Response whileLocked = attempt(user, PASSWORD);
        assertThat(whileLocked.status())
                .as("the right password does not open a locked account")
                .isEqualTo(401);
        assertThat(whileLocked.body().get("message").asText()).isEqualTo("Invalid username or password");

        clock.advance(Duration.ofMinutes(14));
        assertThat(attempt(user, PASSWORD).status())
                .as("still locked at 14 minutes")
                .isEqualTo(401);

        clock.advance(Duration.ofMinutes(1).plusSeconds(5));
        assertThat(attempt(user, PASSWORD).status()).as("open after 15 minutes").isEqualTo(200);
        clock.reset();
        awaitEvent(user, "ACCOUNT_UNLOCKED");
    }

    @Test
    void shouldResetTheCountAfterASuccess() {
        String user = newUser();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4; i++) {
                assertThat(attempt(user, "Wrong-Passw0rd-" + i).status()).isEqualTo(401);
            }
            // Failures are recorded off the request thread; let them land before the success.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> admin().get("/api/security/events?type=LOGIN_FAILED&limit=100")
                                            .body()
                                            .get("events")
                                            .toString()
                                            .split("\"username\":\"" + user + "\"", -1)
                                            .length
                                    - 1
                            >= 4);
            assertThat(attempt(user, PASSWORD).status()).isEqualTo(200);
        }
        assertThat(attempt(user, PASSWORD).status())
                .as("8 failures in all, never 5 in a row")
                .isEqualTo(200);
    }

    @Test
    void shouldAnswerUnknownLockedAndWrongPasswordAlikeInStatusBodyAndTime() {
        String locked = newUser();
        for (int i = 0; i < 5; i++) {
            attempt(locked, "Wrong-Passw0rd-" + i);
        }
        awaitEvent(locked, "ACCOUNT_LOCKED");
        String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8);

        Api.Response u = attempt(unknown, PASSWORD);
        Api.Response l = attempt(locked, PASSWORD);
        String wrongUser = newUser();
        Api.Response w = attempt(wrongUser, "Wrong-Passw0rd-x");
        for (Api.Response r : List.of(u, l, w)) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(comparable(r)).isEqualTo(comparable(u));
        }

        // Paired samples: each round times the three paths back to back, in a rotating order, and the
        // differences within a round are compared, so a slow moment of this 2-core machine hits all three
        // alike. Every path runs exactly one BCrypt check (~0.2 s here) and records off the request thread.
        List<Long> unknownMinusWrong = new ArrayList<>();
        List<Long> lockedMinusWrong = new ArrayList<>();
        List<Long> wrongTimes = new ArrayList<>();
        int round = 0;
        for (int i = 0; i < 6; i++) {
            String fresh = newUser();
            for (int k = 0; k < 3; k++, round++) {
                long[] t = new long[3];
                for (int j = 0; j < 3; j++) {
                    int path = (j + round) % 3;
                    t[path] = switch (path) {
                        case 0 -> timed(unknown, PASSWORD);
                        case 1 -> timed(locked, PASSWORD);
                        default -> timed(fresh, "Wrong-Passw0rd-" + k);
                    };
                }
                unknownMinusWrong.add(t[0] - t[2]);
                lockedMinusWrong.add(t[1] - t[2]);
                wrongTimes.add(t[2]);
            }
        }
        long du = median(unknownMinusWrong);
        long dl = median(lockedMinusWrong);
        long mw = median(wrongTimes);
        System.out.printf(
                "sign-in failures, median of paired differences: unknown - wrong %d ms, locked - wrong %d ms "
                        + "(wrong password itself %d ms, %d rounds)%n",
                du, dl, mw, wrongTimes.size());
        long tolerance = Math.max(30, mw / 7);
        assertThat(Math.abs(du)).as("unknown vs wrong password: %d ms", du).isLessThan(tolerance);
        assertThat(Math.abs(dl)).as("locked vs wrong password: %d ms", dl).isLessThan(tolerance);
    }

    /** The body without what differs per request anyway (its id and path). */
    private static String comparable(Api.Response r) {
        ObjectNode copy = (ObjectNode) r.body().deepCopy();
        copy.remove(List.of("instance", "requestId"));
        return copy.toString();
    }

    private long timed(String user, String password) {
        long t0 = System.nanoTime();
        Api.Response r = attempt(user, password);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.status()).isEqualTo(401);
        return ms;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
