package io.stockade.query.audit;

import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The access log's door for the audit API's other packages (as-of, verification, exports): a read is recorded,
 * in a transaction of its own, before it is answered, exactly as the history's own endpoints record theirs.
 */
@Component
public class AuditReads {
    private final AuditHistory history;

    AuditReads(AuditHistory history) {
        this.history = history;
    }

    /** Records who read {@code endpoint} (a method and path template) with which validated parameters. */
    public void record(
            CurrentUser reader, HttpServletRequest request, String endpoint, Map<String, Object> parameters) {
        Object requestId = request.getAttribute(RequestIds.ATTRIBUTE);
        history.recordRead(
                reader,
                endpoint,
                parameters,
                request.getRemoteAddr(),
                request.getHeader("User-Agent"),
                requestId == null ? null : requestId.toString());
    }
}
