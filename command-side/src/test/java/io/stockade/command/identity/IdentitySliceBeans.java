package io.stockade.command.identity;

import static org.mockito.Mockito.mock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The identity controllers' collaborators that reach storage or hash passwords, mocked. */
@TestConfiguration(proxyBeanMethods = false)
public class IdentitySliceBeans {

    @Bean
    AccountLookupRepository accountLookupRepository() {
        return mock(AccountLookupRepository.class);
    }

    @Bean
    Passwords passwords() {
        return mock(Passwords.class);
    }

    @Bean
    Sessions sessions() {
        return mock(Sessions.class);
    }

    @Bean
    SessionRepository sessionRepository() {
        return mock(SessionRepository.class);
    }

    @Bean
    Mfa mfa() {
        return mock(Mfa.class);
    }

    @Bean
    AuthCookies authCookies() {
        return mock(AuthCookies.class);
    }

    @Bean
    SecurityRecorder securityRecorder() {
        return mock(SecurityRecorder.class);
    }
}
