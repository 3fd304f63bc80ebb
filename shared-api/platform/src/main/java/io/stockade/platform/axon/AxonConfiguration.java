package io.stockade.platform.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.stockade.platform.config.EventStoreMode;
import io.stockade.platform.db.MigrationSet;
import io.stockade.platform.privacy.PersonalDataCipher;
import io.stockade.platform.privacy.PersonalValueModule;
import io.stockade.platform.tenancy.TenantScope;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon on PostgreSQL: Jackson with stable type names for every stored message, snake_case JDBC
 * tables in the {@code axon} schema, personal values sealed by the event serializer, and
 * who/where/why copied from each command's metadata onto the events it causes.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class AxonConfiguration {
    /** Metadata keys that every event inherits from the command that caused it. */
    public static final String[] AUDIT_KEYS = {
        AuditMetadata.USER_ID,
        AuditMetadata.ROLE,
        AuditMetadata.TENANT_ID,
        AuditMetadata.REQUEST_ID,
        AuditMetadata.CLIENT_IP,
        AuditMetadata.USER_AGENT,
        AuditMetadata.IDEMPOTENCY_KEY
    };

    @Bean
    MigrationSet axonMigrations() {
        return new MigrationSet("axon", "classpath:db/axon", 0);
    }

    @Bean
    MigrationSet privacyMigrations() {
        return new MigrationSet("privacy", "classpath:db/privacy", 1);
    }

    /**
     * Axon's own mapper, isolated from the web layer's settings. Deliberately not a bean: a second
     * ObjectMapper bean would make Spring Boot back off from configuring the web layer's.
     */
    static ObjectMapper baseMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // Old events meet new classes: a field that was removed must not make history unreadable.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    static Serializer serializer(ObjectMapper mapper) {
        JacksonSerializer.Builder builder =
                JacksonSerializer.builder().objectMapper(mapper).revisionResolver(new AnnotationRevisionResolver());
        Map<String, Class<?>> registry = MessageTypeRegistry.scan("io.stockade.api");
        return StockadeSerializer.create(builder, registry);
    }

    @Bean
    @Primary
    Serializer serializer() {
        return serializer(baseMapper());
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return serializer(baseMapper());
    }

    /** Only the event serializer seals personal values: they are at rest only in the event store. */
    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(PersonalDataCipher cipher) {
        return serializer(baseMapper().registerModule(new PersonalValueModule(cipher)));
    }

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("axon.domain_event_entry")
                .snapshotTable("axon.snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("axon.token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Bean
    SagaSqlSchema sagaSqlSchema() {
        return new PostgresSagaSqlSchema(SagaSchema.builder()
                .sagaEntryTable("axon.saga_entry")
                .associationValueEntryTable("axon.association_value_entry")
                .sagaIdColumn("saga_id")
                .sagaTypeColumn("saga_type")
                .revisionColumn("revision")
                .serializedSagaColumn("serialized_saga")
                .associationKeyColumn("association_key")
                .associationValueColumn("association_value")
                .build());
    }

    /** Static: handler enhancers are looked up while the Axon configuration itself is being built. */
    @Bean
    static SavepointPerEvent savepointPerEvent(
            ObjectProvider<PlatformTransactionManager> transactions,
            ObjectProvider<DeferredWrites> writeBehind,
            ObjectProvider<TenantScope> tenants) {
        return new SavepointPerEvent(transactions, writeBehind, tenants);
    }

    @Bean
    DeadLetterSchema deadLetterSchema() {
        return DeadLetterSchema.builder()
                .deadLetterTable("axon.dead_letter_entry")
                .deadLetterIdentifierColumn("dead_letter_identifier")
                .processingGroupColumn("processing_group")
                .sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index")
                .messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier")
                .timestampColumn("timestamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .aggregateTypeColumn("aggregate_type")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type")
                .tokenColumn("token")
                .enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched")
                .processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type")
                .causeMessageColumn("cause_message")
                .diagnosticsColumn("diagnostics")
                .build();
    }

    /** pgjdbc reports duplicate keys by SQLState only; without this a lost race is not a ConcurrencyException. */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver("23505");
    }

    /**
     * The gap timeout must exceed the longest command transaction: a processor that reads an event older
     * than this forgets the gaps below it, and an event committed into such a gap later would be skipped.
     * Command transactions are bounded far below it (see the statement and idle-transaction timeouts).
     * Only on the JDBC store ({@code STOCKADE_EVENT_STORE=jdbc}, see {@link EventStoreMode}): on Axon Server the
     * connector's event store holds the events and no engine of ours may stand beside it.
     */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
    EventStorageEngine eventStorageEngine(
            Serializer serializer,
            PersistenceExceptionResolver resolver,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            Configuration configuration,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            EventSchema schema) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(resolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(schema)
                .batchSize(500)
                .gapTimeout(600_000)
                .build();
    }

    /**
     * Several nodes can share one event store; a node deciding on a cached aggregate that another node
     * has moved on would lose the append race (duplicate sequence number), and one whose copy misses another
     * node's addition would refuse what the item can afford. The command side's aggregate cache is therefore
     * checked against the store before each decision ({@link StoreCheckedCache}): a command is decided
     * on the stored state, and only a node appending between that check and the append makes it lose the race.
     * The failed unit of work evicts the copy and the retry decides again on the store's state. Nothing else is
     * retried: a refusal was decided on the stored state and stays a refusal.
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "command-retry");
            t.setDaemon(true);
            return t;
        });
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(raceRetries(executor))
                .build();
    }

    /**
     * Retries a lost append race (a {@link ConcurrencyException} anywhere in the failure) with exponential back-off
     * (10 ms, 20 ms, ... 1.3 s, eight times) so that two nodes fighting over one item stop colliding; nothing else.
     *
     * <p>The decision is taken here, not by the back-off scheduler's non-transient predicate: Axon applies that
     * predicate to the failure and to each of its causes and gives up if any of them matches, so a predicate
     * "not caused by a ConcurrencyException" matched the SQL exception beneath every ConcurrencyException and no
     * race was ever retried (each answered 409 at once, issue 15).
     *
     * <p>A command sent from inside another unit of work (a saga or event handler) is not retried here: it ran in
     * that unit's transaction, which PostgreSQL has aborted with the failed insert, and the unit still holds the
     * aggregate's lock, so a retry on another thread could only wait for it. Its failure fails the enclosing unit,
     * and the event processor handles the event again.
     */
    static RetryScheduler raceRetries(ScheduledExecutorService executor) {
        RetryScheduler backOff = ExponentialBackOffIntervalRetryScheduler.builder()
                .retryExecutor(executor)
                .backoffFactor(10)
                .maxRetryCount(8)
                .nonTransientFailurePredicate(failure -> false)
                .build();
        return (command, failure, failures, dispatch) -> causedByConcurrency(failure)
                && !CurrentUnitOfWork.isStarted()
                && backOff.scheduleRetry(command, failure, failures, dispatch);
    }

    static boolean causedByConcurrency(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }

    @Bean
    CorrelationDataProvider auditCorrelation() {
        return new SimpleCorrelationDataProvider(AUDIT_KEYS);
    }

    /**
     * Axon's message origin (traceId: the first message of the chain; correlationId: the message that caused this
     * one), except that a correlation id the request brought ({@code X-Correlation-Id}, else the request id, put on
     * the command by {@link RequestMetadataInterceptor}) is kept along the chain, through events and the commands
     * they cause: the audit history finds everything one request caused by it.
     */
    @Bean
    CorrelationDataProvider messageOrigin() {
        MessageOriginProvider origin = new MessageOriginProvider();
        return message -> {
            Map<String, Object> data = new HashMap<>(origin.correlationDataFor(message));
            Object requested = message.getMetaData().get(AuditMetadata.CORRELATION_ID);
            if (requested != null) {
                data.put(AuditMetadata.CORRELATION_ID, requested);
            }
            return data;
        };
    }
}
