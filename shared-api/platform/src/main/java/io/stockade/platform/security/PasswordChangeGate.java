package io.stockade.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockade.platform.errors.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gates of a token that must first do one thing: a password that must be changed opens only the
 * password change and "who am I"; a required second factor not yet enrolled opens only enrolment.
 */
public class PasswordChangeGate extends OncePerRequestFilter {
    private static final Set<String> ALLOWED = Set.of("/api/profile/password", "/api/auth/me", "/api/profile");
    private static final Set<String> MFA_ALLOWED = Set.of(
            "/api/auth/mfa/enrolment",
            "/api/auth/mfa/enrolment/confirm",
            "/api/auth/mfa",
            "/api/auth/me",
            "/api/profile",
            "/api/auth/sessions");
    private final ObjectMapper mapper;

    public PasswordChangeGate(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token
                && Boolean.TRUE.equals(token.getToken().getClaimAsBoolean(AccessTokens.CLAIM_PASSWORD_CHANGE))
                && !ALLOWED.contains(request.getRequestURI())) {
            Problems.write(
                    request,
                    response,
                    mapper,
                    HttpStatus.FORBIDDEN,
                    "password-change-required",
                    "Password change required",
                    "Change your password first (POST /api/profile/password)");
            return;
        }
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token
                && Boolean.TRUE.equals(token.getToken().getClaimAsBoolean(AccessTokens.CLAIM_MFA_ENROL))
                && !MFA_ALLOWED.contains(request.getRequestURI())) {
            Problems.write(
                    request,
                    response,
                    mapper,
                    HttpStatus.FORBIDDEN,
                    "mfa-enrolment-required",
                    "Second factor required",
                    "Your organisation requires a second factor: enrol first (POST /api/auth/mfa/enrolment)");
            return;
        }
        chain.doFilter(request, response);
    }
}
