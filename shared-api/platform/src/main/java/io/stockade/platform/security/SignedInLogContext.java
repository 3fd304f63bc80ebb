package io.stockade.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the signed-in user's id and organisation id into the log lines of the request, once the token is verified.
 * Ids only: the username the token also carries names a person and stays out of logs.
 */
public class SignedInLogContext extends OncePerRequestFilter {
    public static final String MDC_USER_ID = "userId";
    public static final String MDC_ORGANISATION_ID = "organisationId";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)) {
            chain.doFilter(request, response);
            return;
        }
        MDC.put(MDC_USER_ID, token.getToken().getSubject());
        MDC.put(MDC_ORGANISATION_ID, token.getToken().getClaimAsString(AccessTokens.CLAIM_TENANT));
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_USER_ID);
            MDC.remove(MDC_ORGANISATION_ID);
        }
    }
}
