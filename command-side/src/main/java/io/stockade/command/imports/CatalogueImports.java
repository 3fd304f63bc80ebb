package io.stockade.command.imports;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.Uuids;
import io.stockade.api.inventory.CreateItem;
import io.stockade.api.inventory.InventoryCommands.CreateItemCommand;
import io.stockade.command.imports.CatalogueCsv.CategoryRef;
import io.stockade.command.imports.CatalogueCsv.Row;
import io.stockade.command.imports.CatalogueCsv.RowError;
import io.stockade.command.jooq.tables.records.ImportJobRecord;
import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.config.StockadeProperties;
import io.stockade.platform.errors.DomainRuleViolation;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.web.BodySizeLimit;
import jakarta.validation.Validator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Catalogue imports. The request stores the file (in chunks, in the database) and checks every row;
 * the rows are then created in the background, each as its own {@link CreateItemCommand} whose item
 * id and idempotency key derive from the job and the row. The background part is a db-scheduler task
 * on its own table: picked by one node, revived on another when that node's heartbeat stops (within
 * {@link #TAKEOVER}), and by the same node at once when it restarts. Progress is saved after every
 * slice of rows, so a resumed job starts where it stopped; a row done before a crash is recognised
 * by its key and not created twice.
 */
@Service
public class CatalogueImports implements DisposableBean {
    static final String ALL_OR_NOTHING = "all-or-nothing";
    static final String VALID_ROWS_ONLY = "valid-rows-only";
    private static final Logger log = LoggerFactory.getLogger(CatalogueImports.class);
    private static final int CHUNK_BYTES = 1024 * 1024;
    private static final int SLICE = 200;
    private static final int WORKERS = 4;
    private static final Duration STALE = Duration.ofSeconds(60);
    private static final String TASK_TABLE = "command.import_tasks";
    // db-scheduler declares a node dead after HEARTBEAT x MISSED_HEARTBEATS without a beat and looks
    // for dead nodes every 2 x HEARTBEAT: 30 s + 10 s + one poll, inside the 60 s the README promises.
    // Its defaults (5 min x 6, checked every 10 min) would take up to 40 minutes.
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final int MISSED_HEARTBEATS = 6;
    private static final Duration POLL = Duration.ofSeconds(2);
    static final Duration TAKEOVER =
            HEARTBEAT.multipliedBy(MISSED_HEARTBEATS + 2L).plus(POLL);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(15);

    private final ImportJobRepository jobs;
    private final CommandGateway commands;
    private final Validator validator;
    private final String owner;
    private final TransactionTemplate tx;
    private final OneTimeTask<Void> task;
    private final Scheduler scheduler;
    // db-scheduler runs one job per thread; the rows of a slice are created in parallel here.
    private final ExecutorService workers =
            Executors.newFixedThreadPool(WORKERS, r -> daemon(r, "catalogue-import-row"));

    CatalogueImports(
            ImportJobRepository jobs,
            CommandGateway commands,
            Validator validator,
            StockadeProperties properties,
            DataSource dataSource,
            PlatformTransactionManager transactions) {
        this.jobs = jobs;
        this.commands = commands;
        this.validator = validator;
        this.owner = nodeId(properties);
        this.tx = new TransactionTemplate(transactions);
        this.task = Tasks.oneTime("catalogue-import")
                .onFailure(new FailureHandler.OnFailureRetryLater<>(RETRY_AFTER_FAILURE))
                .onDeadExecutionRevive()
                .execute((instance, context) -> process(UUID.fromString(instance.getId())));
        // Transaction-aware, so that a job's task is scheduled in the transaction that marks it running.
        this.scheduler = Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), List.of(task))
                .tableName(TASK_TABLE)
                .schedulerName(new SchedulerName.Fixed(owner))
                .pollingInterval(POLL)
                .heartbeatInterval(HEARTBEAT)
                .missedHeartbeatsLimit(MISSED_HEARTBEATS)
                .threads(2)
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(1))
                .build();
    }

    /** The outcome of a submission: the job and whether the request made it (or found it by its key). */
    public record Submitted(ImportJobRecord job, boolean replayed) {}

    public Submitted submit(CurrentUser user, String key, String mode, boolean dryRun, InputStream body) {
        if (!ALL_OR_NOTHING.equals(mode) && !VALID_ROWS_ONLY.equals(mode)) {
            throw ProblemException.validation("mode", "mode must be all-or-nothing or valid-rows-only");
        }
        UUID tenant = user.tenantId().value();
        UUID userId = user.userId().value();
        UUID jobId = Uuids.random();
        while (!jobs.create(jobId, tenant, userId, user.role().label(), key, mode, dryRun, owner)) {
            ImportJobRecord existing = jobs.byKey(tenant, userId, key).orElse(null);
            if (existing == null) {
                continue;
            }
            if (ImportJobRepository.RECEIVING.equals(existing.getStatus())) {
                if (jobs.dropIfStale(existing.getJobId(), STALE)) {
                    continue;
                }
                throw new ProblemException(
                        HttpStatus.CONFLICT,
                        "import-in-progress",
                        "Import in progress",
                        "An import with this Idempotency-Key is still being received; retry in a moment",
                        List.of());
            }
            String sha = drain(body);
            if (!sha.equals(existing.getBodySha256())
                    || !mode.equals(existing.getMode())
                    || dryRun != existing.getDryRun()) {
                throw new ProblemException(
                        HttpStatus.UNPROCESSABLE_ENTITY,
                        "idempotency-key-reused",
                        "Idempotency key reused",
                        "This Idempotency-Key was already used for a different import",
                        List.of(new ProblemException.FieldError(
                                "Idempotency-Key", "already used for a different request")));
            }
            return new Submitted(existing, true);
        }
        try {
            spool(jobId, body);
        } catch (RuntimeException | Error e) {
            jobs.delete(jobId);
            throw e;
        }
        validate(jobId, tenant, mode, dryRun);
        return new Submitted(jobs.find(jobId).orElseThrow(), false);
    }

    private void spool(UUID jobId, InputStream body) {
        MessageDigest sha = sha256();
        long total = 0;
        int seq = 0;
        try {
            while (true) {
                byte[] chunk = body.readNBytes(CHUNK_BYTES);
                if (chunk.length == 0) {
                    break;
                }
                sha.update(chunk);
                total += chunk.length;
                jobs.addChunk(jobId, seq++, chunk);
            }
        } catch (BodySizeLimit.PayloadTooLarge e) {
            throw new ProblemException(
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    "payload-too-large",
                    "Payload Too Large",
                    "An import file may be at most " + BodySizeLimit.IMPORT_MAX_BYTES / (1024 * 1024) + " MiB",
                    List.of());
        } catch (IOException e) {
            throw ProblemException.validation("file", "The upload could not be read");
        }
        if (total == 0) {
            throw ProblemException.validation("file", "The file is empty: send the CSV as the request body (text/csv)");
        }
        jobs.received(jobId, HexFormat.of().formatHex(sha.digest()), total);
    }

    /** Checks every row as a create would, records the problems, and decides what happens next. */
    private void validate(UUID jobId, UUID tenant, String mode, boolean dryRun) {
        Map<String, CategoryRef> categories = jobs.categories(tenant);
        Map<String, Integer> skusInFile = new HashMap<>();
        int valid = 0;
        int invalid = 0;
        try (Reader reader = open(jobId)) {
            CatalogueCsv csv = new CatalogueCsv(reader, validator);
            List<Row> slice = new ArrayList<>(SLICE);
            for (Row row = csv.next(); ; row = csv.next()) {
                if (row != null) {
                    slice.add(row);
                }
                if (slice.size() == SLICE || (row == null && !slice.isEmpty())) {
                    List<RowError> errors = checkSlice(slice, tenant, categories, skusInFile);
                    jobs.addErrors(jobId, errors);
                    long bad = errors.stream().map(RowError::row).distinct().count();
                    invalid += (int) bad;
                    valid += slice.size() - (int) bad;
                    slice.clear();
                    jobs.heartbeat(jobId);
                }
                if (row == null) {
                    break;
                }
            }
        } catch (CatalogueCsv.FileRejected e) {
            jobs.addErrors(jobId, List.of(new RowError(0, "file", e.getMessage())));
            jobs.validated(jobId, 0, 0, 0, ImportJobRepository.FAILED, e.getMessage());
            return;
        } catch (CharacterCodingException e) {
            String message = "The file is not UTF-8 text";
            jobs.addErrors(jobId, List.of(new RowError(0, "file", message)));
            jobs.validated(jobId, 0, 0, 0, ImportJobRepository.FAILED, message);
            return;
        } catch (IOException e) {
            throw new IllegalStateException("stored import file could not be read", e);
        }
        int total = valid + invalid;
        if (total == 0) {
            String message = "The file has a header but no rows";
            jobs.addErrors(jobId, List.of(new RowError(0, "file", message)));
            jobs.validated(jobId, 0, 0, 0, ImportJobRepository.FAILED, message);
        } else if (dryRun) {
            jobs.validated(jobId, total, valid, invalid, ImportJobRepository.VALIDATED, null);
        } else if (invalid > 0 && ALL_OR_NOTHING.equals(mode)) {
            jobs.validated(
                    jobId,
                    total,
                    valid,
                    invalid,
                    ImportJobRepository.FAILED,
                    invalid + " of " + total + " rows are invalid; nothing was imported");
        } else if (valid == 0) {
            jobs.validated(jobId, total, valid, invalid, ImportJobRepository.COMPLETED, null);
        } else {
            int validRows = valid;
            int invalidRows = invalid;
            tx.executeWithoutResult(s -> {
                jobs.validated(jobId, total, validRows, invalidRows, ImportJobRepository.RUNNING, null);
                scheduler.schedule(task.instance(jobId.toString()), Instant.now());
            });
        }
    }

    private List<RowError> checkSlice(
            List<Row> slice, UUID tenant, Map<String, CategoryRef> categories, Map<String, Integer> skusInFile) {
        List<RowError> errors = new ArrayList<>();
        List<String> skus = new ArrayList<>();
        for (Row row : slice) {
            errors.addAll(row.errors());
            if (row.item() == null) {
                continue;
            }
            resolve(row, categories, errors);
            String sku = row.item().sku();
            if (sku != null
                    && errors.stream()
                            .noneMatch(e -> e.row() == row.number() && e.field().equals("sku"))) {
                Integer first = skusInFile.putIfAbsent(ImportJobRepository.normaliseSku(sku), row.number());
                if (first != null) {
                    errors.add(new RowError(row.number(), "sku", "SKU '" + sku + "' is also on row " + first));
                } else {
                    skus.add(ImportJobRepository.normaliseSku(sku));
                }
            }
        }
        Set<String> taken = jobs.takenSkus(tenant, skus);
        for (Row row : slice) {
            if (row.item() != null
                    && row.item().sku() != null
                    && taken.contains(
                            ImportJobRepository.normaliseSku(row.item().sku()))
                    && skusInFile.get(
                                    ImportJobRepository.normaliseSku(row.item().sku()))
                            == row.number()) {
                errors.add(new RowError(
                        row.number(), "sku", "SKU '" + row.item().sku() + "' is already used by another item"));
            }
        }
        return errors;
    }

    /** The row's request with its category names turned into ids; problems go to {@code errors}. */
    private static CreateItem resolve(Row row, Map<String, CategoryRef> categories, List<RowError> errors) {
        CreateItem item = row.item();
        UUID categoryId = null;
        UUID subCategoryId = null;
        if (row.category() != null) {
            CategoryRef c = categories.get(row.category().toLowerCase(Locale.ROOT));
            if (c == null) {
                errors.add(new RowError(row.number(), "category", "Unknown category '" + row.category() + "'"));
            } else if (c.parent() != null) {
                errors.add(new RowError(
                        row.number(),
                        "category",
                        "'" + row.category() + "' is a sub-category: put it in the subCategory column"));
            } else {
                categoryId = c.id();
            }
        }
        if (row.subCategory() != null && categoryId != null) {
            CategoryRef s = categories.get(row.subCategory().toLowerCase(Locale.ROOT));
            if (s == null) {
                errors.add(
                        new RowError(row.number(), "subCategory", "Unknown sub-category '" + row.subCategory() + "'"));
            } else if (!categoryId.equals(s.parent())) {
                errors.add(new RowError(
                        row.number(),
                        "subCategory",
                        "'" + row.subCategory() + "' is not a sub-category of '" + row.category() + "'"));
            } else {
                subCategoryId = s.id();
            }
        }
        return new CreateItem(
                item.name(),
                item.sku(),
                item.location(),
                categoryId,
                subCategoryId,
                item.shelf(),
                item.description(),
                item.currentStock(),
                item.minThreshold());
    }

    /**
     * The import task: creates the job's valid rows from where it stopped, and gives the job up if
     * another node took it. A failure is thrown to db-scheduler, which runs the task again later.
     */
    void process(UUID jobId) {
        try {
            if (!jobs.claim(jobId, owner)) {
                return;
            }
            ImportJobRecord job = jobs.find(jobId).orElseThrow();
            Set<Integer> invalid = jobs.invalidRows(jobId);
            Map<String, CategoryRef> categories = jobs.categories(job.getTenantId());
            int processed = job.getProcessed();
            int created = job.getCreated();
            int failed = job.getFailed();
            try (Reader reader = open(jobId)) {
                CatalogueCsv csv = new CatalogueCsv(reader, validator);
                List<Row> slice = new ArrayList<>(SLICE);
                int lastRow = job.getNextRow() - 1;
                for (Row row = csv.next(); ; row = csv.next()) {
                    if (row != null) {
                        lastRow = row.number();
                        if (row.number() >= job.getNextRow() && !invalid.contains(row.number())) {
                            slice.add(row);
                        }
                    }
                    boolean end = row == null;
                    if (slice.size() == SLICE || (end && !slice.isEmpty())) {
                        List<RowError> errors = createSlice(job, slice, categories);
                        jobs.addErrors(jobId, errors);
                        int bad = (int)
                                errors.stream().map(RowError::row).distinct().count();
                        processed += slice.size();
                        failed += bad;
                        created += slice.size() - bad;
                        slice.clear();
                        if (!jobs.progress(jobId, owner, lastRow + 1, processed, created, failed)) {
                            log.info("Import {} was taken over by another node", jobId);
                            return;
                        }
                    }
                    if (end) {
                        break;
                    }
                }
            }
            jobs.completed(jobId, owner);
            log.info("Import {} completed: {} created, {} failed", jobId, created, failed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Import {} was interrupted and will be resumed", jobId);
            throw new IllegalStateException("import interrupted", e);
        } catch (IOException | CatalogueCsv.FileRejected | RuntimeException e) {
            log.warn("Import {} stopped and will be resumed: {}", jobId, e.toString());
            throw new IllegalStateException("import stopped", e);
        }
    }

    private List<RowError> createSlice(ImportJobRecord job, List<Row> slice, Map<String, CategoryRef> categories)
            throws InterruptedException {
        List<Callable<RowError>> tasks = new ArrayList<>(slice.size());
        for (Row row : slice) {
            tasks.add(() -> create(job, row, categories));
        }
        List<RowError> errors = new ArrayList<>();
        for (Future<RowError> f : workers.invokeAll(tasks)) {
            try {
                RowError error = f.get();
                if (error != null) {
                    errors.add(error);
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        return errors;
    }

    private RowError create(ImportJobRecord job, Row row, Map<String, CategoryRef> categories) {
        List<RowError> errors = new ArrayList<>();
        CreateItem item = resolve(row, categories, errors);
        if (!errors.isEmpty()) {
            return errors.get(0);
        }
        String rowKey = "import:" + job.getJobId() + "#" + row.number();
        ItemId id = new ItemId(UUID.nameUUIDFromBytes(rowKey.getBytes(StandardCharsets.UTF_8)));
        CreateItemCommand command = item.toCommand(id, new TenantId(job.getTenantId()));
        Map<String, Object> meta = Map.of(
                AuditMetadata.USER_ID, job.getUserId().toString(),
                AuditMetadata.ROLE, job.getRole(),
                AuditMetadata.TENANT_ID, job.getTenantId().toString(),
                AuditMetadata.CORRELATION_ID, job.getJobId().toString(),
                AuditMetadata.IDEMPOTENCY_KEY, rowKey);
        try {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(meta));
            return null;
        } catch (DomainRuleViolation e) {
            return new RowError(row.number(), e.field() == null ? "*" : e.field(), e.getMessage());
        }
    }

    /**
     * Starts the import scheduler once the application can take commands. The tasks this node held
     * when it died are its previous life's: they are made due again first, without waiting for
     * db-scheduler to declare the node dead.
     */
    @EventListener(ApplicationReadyEvent.class)
    void resumeAfterStart() {
        int revived = jobs.reviveOwnTasks(owner);
        if (revived > 0) {
            log.info("Resuming {} import(s) this node was running when it stopped", revived);
        }
        scheduler.start();
    }

    private Reader open(UUID jobId) {
        return new BufferedReader(
                new InputStreamReader(
                        jobs.file(jobId),
                        StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT)),
                64 * 1024);
    }

    private static String drain(InputStream body) {
        MessageDigest sha = sha256();
        byte[] buf = new byte[64 * 1024];
        try {
            for (int n = body.read(buf); n > 0; n = body.read(buf)) {
                sha.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw ProblemException.validation("file", "The upload could not be read");
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A name that survives a restart, so that a node coming back resumes its own jobs at once: the
     * setting, else one kept in the data directory (embedded), else one for this process only.
     */
    private static String nodeId(StockadeProperties properties) {
        String configured = System.getenv("STOCKADE_NODE_ID");
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        if (!properties.production()) {
            Path file = properties.dataDir().resolve("node-id");
            try {
                if (Files.exists(file)) {
                    return Files.readString(file).strip();
                }
                Files.createDirectories(properties.dataDir());
                String id = "node-" + UUID.randomUUID();
                Files.writeString(file, id);
                return id;
            } catch (IOException e) {
                log.warn("Could not keep a node id in the data directory: {}", e.toString());
            }
        }
        return "node-" + UUID.randomUUID();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void destroy() {
        scheduler.stop();
        workers.shutdownNow();
    }
}
