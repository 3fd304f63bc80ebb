package io.stockade.webapp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The repository's front door ({@code ops/nginx/nginx.conf}) run by Debian's nginx as root in a temporary prefix,
 * on a free loopback port, with the compose service names replaced by the given upstream addresses (one
 * {@code server} line each, so a kind may have several nodes).
 */
final class FrontDoor implements AutoCloseable {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private final Path temp;
    private final Process nginx;
    private final int port;

    private FrontDoor(Path temp, Process nginx, int port) {
        this.temp = temp;
        this.nginx = nginx;
        this.port = port;
    }

    /**
     * Starts nginx with {@code command} and {@code query} as the two upstreams ({@code host:port} each), the SPA
     * root in {@code temp/spa}, and {@code edit} applied last to the configuration's text.
     */
    static FrontDoor start(Path temp, List<String> command, List<String> query, UnaryOperator<String> edit)
            throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path spa = Files.createDirectories(temp.resolve("spa"));
        Files.writeString(spa.resolve("index.html"), "<!doctype html><title>Stockade</title>");
        String conf = Files.readString(ROOT.resolve("ops/nginx/nginx.conf"), StandardCharsets.UTF_8)
                .replace("server command-side:8080;", servers(command))
                .replace("server query-side:8080;", servers(query))
                .replace("listen 8080;", "listen 127.0.0.1:" + port + ";")
                .replace(
                        "/etc/nginx/stockade-spa-headers.conf",
                        ROOT.resolve("ops/nginx/spa-headers.conf").toString())
                .replace("/usr/share/stockade/spa", spa.toString())
                .replace("pid /tmp/nginx.pid;", "pid " + temp.resolve("nginx.pid") + ";")
                .replace("/tmp/nginx-", temp.resolve("nginx-").toString())
                .replace("access_log /dev/stdout;", "access_log off;");
        conf = edit.apply(conf);
        assertThat(conf).doesNotContain("command-side:").doesNotContain("query-side:");
        Path file = Files.writeString(temp.resolve("nginx.conf"), conf);
        Process nginx = new ProcessBuilder(
                        "nginx",
                        "-p",
                        temp.toString(),
                        "-c",
                        file.toString(),
                        "-e",
                        temp.resolve("error.log").toString(),
                        "-g",
                        "daemon off; user root;")
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("nginx.out").toFile())
                .start();
        FrontDoor door = new FrontDoor(temp, nginx, port);
        door.awaitListening();
        return door;
    }

    private static String servers(List<String> addresses) {
        return addresses.stream().map(a -> "server " + a + ";").collect(Collectors.joining("\n        "));
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                assertThat(nginx.isAlive())
                        .as(Files.readString(temp.resolve("nginx.out")))
                        .isTrue();
                assertThat(System.nanoTime()).as("nginx listens within 10 s").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        nginx.destroy(); // SIGTERM: nginx's fast shutdown, its workers with it
        if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
            nginx.destroyForcibly();
        }
    }
}
