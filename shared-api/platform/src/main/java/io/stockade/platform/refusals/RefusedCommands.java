package io.stockade.platform.refusals;

import io.micrometer.core.instrument.MeterRegistry;
import io.stockade.api.audit.AuditMessages.CommandRefusedEvent;
import io.stockade.api.audit.AuditMessages.RefusedField;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.UserId;
import io.stockade.platform.axon.RequestMetadataInterceptor;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.privacy.PersonalDataCipher;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.CurrentUsers;
import io.stockade.platform.web.ApiOperations;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Records a refused write of a signed-in caller as a {@link CommandRefusedEvent} in the event store, from the one
 * place every refusal passes: the problem answer ({@code ProblemHandler}, and Spring Security's access-denied
 * handler for refusals decided before a controller). Recording is best effort on the refusal's own thread: a
 * failure to record is logged and counted, and the caller still gets the refusal it was due, never a 500.
 *
 * <p>Why an event with no aggregate rather than an aggregate per organisation's refusals: it is appended like any
 * event, so the sealer puts it in the organisation's verifiable log (the tenant is in its metadata) and
 * verification covers it, while no aggregate has to be loaded, locked or sequenced, so refusals neither contend
 * with each other nor grow a stream that must be replayed to append the next one; and it can never join the
 * stream of the item or person it was about.
 */
public class RefusedCommands {
    private static final Logger log = LoggerFactory.getLogger(RefusedCommands.class);
    private final Supplier<EventBus> events;
    private final RequestMetadataInterceptor<EventMessage<?>> metadata;
    private final MeterRegistry meters;

    /** @param events looked up when a refusal is recorded: the buses are built after the web layer */
    public RefusedCommands(Supplier<EventBus> events, PersonalDataCipher cipher, MeterRegistry meters) {
        this.events = events;
        this.metadata = new RequestMetadataInterceptor<>(cipher, true);
        this.meters = meters;
    }

    /** The refusal of the request being handled on this thread, if it is one that is recorded. */
    public void refused(ProblemException problem) {
        refused(problem.status(), problem.type(), problem.getMessage(), problem.fieldErrors());
    }

    public void refused(
            HttpStatusCode status, String problemType, String detail, List<ProblemException.FieldError> errors) {
        try {
            if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs)) {
                return;
            }
            HttpServletRequest request = attrs.getRequest();
            if (!RefusalScope.recorded(status) || !RefusalScope.covers(request.getMethod(), request.getRequestURI())) {
                return;
            }
            Optional<CurrentUser> caller = CurrentUsers.current();
            if (caller.isEmpty()) {
                return;
            }
            record(request, caller.get(), status, problemType, detail, errors);
        } catch (RuntimeException e) {
            meters.counter("stockade.refusals.unrecorded").increment();
            log.warn("A refused request could not be recorded: {}", e.toString());
        }
    }

    private void record(
            HttpServletRequest request,
            CurrentUser caller,
            HttpStatusCode status,
            String problemType,
            String detail,
            List<ProblemException.FieldError> errors) {
        if (CurrentUnitOfWork.isStarted()) {
            // Published inside a unit of work it would share that work's fate (a command's, rolled back): a
            // refusal is only ever reached after it ended, so finding one means this is not a refusal to record.
            return;
        }
        UserId who = caller.userId();
        String method = request.getMethod();
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String path = pattern != null ? pattern.toString() : request.getRequestURI();
        String operation =
                ApiOperations.find(method, path).map(ApiOperations.Op::id).orElse(method + " " + path);
        RequestFields.Sorted asked = RequestFields.of(RequestBodyCapture.captured(request));
        Map<String, PersonalValue> personal = new LinkedHashMap<>();
        asked.personal().forEach((name, value) -> personal.put(name, PersonalValue.of(who, value)));
        List<RefusedField> refusedFields = new ArrayList<>(errors.size());
        for (ProblemException.FieldError e : errors) {
            refusedFields.add(
                    new RefusedField(e.field(), PersonalValue.of(who, e.message() == null ? "" : e.message())));
        }
        CommandRefusedEvent refusal = new CommandRefusedEvent(
                caller.tenantId(),
                who,
                operation,
                method,
                path,
                targetId(request),
                asked.fields(),
                personal,
                asked.withheld(),
                status.value(),
                problemType,
                PersonalValue.of(who, detail == null ? "" : detail),
                refusedFields);
        EventBus bus = events.get();
        if (bus == null) {
            return;
        }
        EventMessage<?> message = GenericEventMessage.asEventMessage(refusal);
        bus.publish(metadata.handle(List.of(message)).apply(0, message));
        meters.counter("stockade.refusals.recorded", "status", Integer.toString(status.value()))
                .increment();
    }

    private static String targetId(HttpServletRequest request) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
            Object id = variables.get("id");
            return id == null ? null : id.toString();
        }
        return null;
    }
}
