package io.stockade.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.platform.errors.DomainRuleViolation;
import io.stockade.platform.errors.DomainRuleViolation.Kind;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;

/** Fixture matchers that check a {@link DomainRuleViolation}'s kind, code, field and message with AssertJ. */
public final class Violations {
    private Violations() {}

    /** A violation with exactly this kind, code, field (null for none) and message. */
    public static Matcher<Throwable> violation(Kind kind, String code, String field, String message) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable actual, Description mismatch) {
                try {
                    assertThat(actual).isInstanceOf(DomainRuleViolation.class).hasMessage(message);
                    DomainRuleViolation v = (DomainRuleViolation) actual;
                    assertThat(v.kind()).as("kind").isEqualTo(kind);
                    assertThat(v.code()).as("code").isEqualTo(code);
                    assertThat(v.field()).as("field").isEqualTo(field);
                    return true;
                } catch (AssertionError e) {
                    mismatch.appendText(e.getMessage());
                    return false;
                }
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("DomainRuleViolation[kind=" + kind + ", code=" + code + ", field=" + field
                        + ", message=" + message + "]");
            }
        };
    }

    public static Matcher<Throwable> notFound(String what) {
        return violation(Kind.NOT_FOUND, "not-found", null, what + " not found");
    }
}
