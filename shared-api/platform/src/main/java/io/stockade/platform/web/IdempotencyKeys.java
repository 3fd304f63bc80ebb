package io.stockade.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockade.api.common.Uuids;
import io.stockade.platform.axon.RequestMetadataInterceptor;
import io.stockade.platform.errors.Problems;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.CurrentUsers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the {@code Idempotency-Key} header of writes. The key travels in command metadata; ids the
 * server chooses for a keyed request (new item, ledger line) are derived from it, so a retry sends
 * the very same command and is recognised as one.
 */
public class IdempotencyKeys extends OncePerRequestFilter {
    public static final String HEADER = "Idempotency-Key";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{8,128}");
    private final ObjectMapper mapper;

    public IdempotencyKeys(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key != null) {
            if (!VALID.matcher(key).matches()) {
                Problems.write(
                        request,
                        response,
                        mapper,
                        HttpStatus.BAD_REQUEST,
                        "validation",
                        "Validation failed",
                        "Idempotency-Key must be 8 to 128 characters of letters, digits and . _ : -");
                return;
            }
            request.setAttribute(RequestMetadataInterceptor.IDEMPOTENCY_ATTRIBUTE, key);
        }
        chain.doFilter(request, response);
    }

    /** The current request's key, if it sent one. */
    public static Optional<String> current() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
            return Optional.ofNullable(
                    (String) attrs.getRequest().getAttribute(RequestMetadataInterceptor.IDEMPOTENCY_ATTRIBUTE));
        }
        return Optional.empty();
    }

    /** A random id, or for a keyed request an id derived from user, key and purpose (stable across retries). */
    public static UUID idFor(String purpose) {
        Optional<String> key = current();
        Optional<CurrentUser> user = CurrentUsers.current();
        if (key.isEmpty() || user.isEmpty()) {
            return Uuids.random();
        }
        String seed = user.get().tenantId() + "|" + user.get().userId() + "|" + key.get() + "|" + purpose;
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    }
}
