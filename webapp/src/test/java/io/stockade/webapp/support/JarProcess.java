package io.stockade.webapp.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The all-in-one jar ({@code target/stockade.jar}) as a separate process, with the suites' sign-in on top. */
public final class JarProcess extends io.stockade.testsupport.process.JarProcess {

    public JarProcess(Path log, Map<String, String> env) {
        super(Path.of("target", "stockade.jar"), log, env);
    }

    @Override
    public JarProcess startTimeout(Duration timeout) {
        super.startTimeout(timeout);
        return this;
    }

    @Override
    public JarProcess start() throws Exception {
        super.start();
        return this;
    }

    /** Signs in, retrying while the first Admin is being created just after start-up. */
    public Api login(String username, String password) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Api.Response r =
                    new Api(port()).post("/api/auth/login", Map.of("username", username, "password", password));
            if (r.status() == 200) {
                return new Api(port()).as(r.at("/token").asText());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("cannot sign in: " + r);
            }
            Thread.sleep(200);
        }
    }
}
