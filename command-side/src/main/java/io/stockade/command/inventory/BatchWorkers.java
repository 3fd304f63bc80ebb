package io.stockade.command.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * A few items of a batch at once. The workers act for the request that started them, so its security
 * context and request attributes (who, from where) go with them into the commands' metadata.
 */
final class BatchWorkers {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "batch-create");
        t.setDaemon(true);
        return t;
    });

    private BatchWorkers() {}

    /** Runs every task for the current request and waits for all of them; a task's unexpected failure is rethrown. */
    static void runAll(List<Runnable> tasks) throws InterruptedException {
        var security = SecurityContextHolder.getContext();
        var request = RequestContextHolder.currentRequestAttributes();
        List<Callable<Void>> calls = new ArrayList<>();
        for (Runnable task : tasks) {
            calls.add(() -> {
                SecurityContextHolder.setContext(security);
                RequestContextHolder.setRequestAttributes(request);
                try {
                    task.run();
                } finally {
                    SecurityContextHolder.clearContext();
                    RequestContextHolder.resetRequestAttributes();
                }
                return null;
            });
        }
        for (var done : POOL.invokeAll(calls)) {
            try {
                done.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    }
}
