package io.stockade.platform.axon;

import io.stockade.platform.privacy.PersonalDataCipher;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.CurrentUsers;
import io.stockade.platform.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Adds who, from where and within which request to every command and query sent while handling an
 * HTTP request, so controllers never copy it by hand. IP address and user agent are sealed under the
 * acting user's key so they can be erased with the rest of that person's data.
 */
public class RequestMetadataInterceptor<M extends Message<?>> implements MessageDispatchInterceptor<M> {
    public static final String IDEMPOTENCY_ATTRIBUTE = RequestMetadataInterceptor.class.getName() + ".idempotencyKey";
    private static final int MAX_USER_AGENT = 512;
    private final PersonalDataCipher cipher;
    private final boolean withClientDetails;

    /** @param withClientDetails seal IP and user agent into the metadata (commands: yes; queries: not worth a cipher per read) */
    public RequestMetadataInterceptor(PersonalDataCipher cipher, boolean withClientDetails) {
        this.cipher = cipher;
        this.withClientDetails = withClientDetails;
    }

    @Override
    public BiFunction<Integer, M, M> handle(List<? extends M> messages) {
        return (index, message) -> {
            Map<String, Object> meta = new HashMap<>();
            Optional<CurrentUser> user = CurrentUsers.current();
            user.ifPresent(u -> {
                meta.put(AuditMetadata.USER_ID, u.userId().toString());
                meta.put(AuditMetadata.ROLE, u.role().label());
                meta.put(AuditMetadata.TENANT_ID, u.tenantId().toString());
            });
            if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
                HttpServletRequest request = attrs.getRequest();
                Object requestId = request.getAttribute(RequestIds.ATTRIBUTE);
                if (requestId != null) {
                    meta.put(AuditMetadata.REQUEST_ID, requestId);
                }
                Object correlation = request.getAttribute(RequestIds.CORRELATION_ATTRIBUTE);
                if (correlation != null && !message.getMetaData().containsKey(AuditMetadata.CORRELATION_ID)) {
                    meta.put(AuditMetadata.CORRELATION_ID, correlation);
                }
                Object idempotencyKey = request.getAttribute(IDEMPOTENCY_ATTRIBUTE);
                if (idempotencyKey != null) {
                    meta.put(AuditMetadata.IDEMPOTENCY_KEY, idempotencyKey);
                }
                user.filter(u -> withClientDetails).ifPresent(u -> {
                    meta.put(AuditMetadata.CLIENT_IP, cipher.encrypt(u.userId(), request.getRemoteAddr()));
                    String agent = request.getHeader("User-Agent");
                    if (agent != null) {
                        agent = agent.length() > MAX_USER_AGENT ? agent.substring(0, MAX_USER_AGENT) : agent;
                        meta.put(AuditMetadata.USER_AGENT, cipher.encrypt(u.userId(), agent));
                    }
                });
            }
            // Metadata set explicitly by the sender (system commands) wins over the request's.
            meta.putAll(message.getMetaData());
            @SuppressWarnings("unchecked")
            M enriched = (M) message.andMetaData(meta);
            return enriched;
        };
    }
}
