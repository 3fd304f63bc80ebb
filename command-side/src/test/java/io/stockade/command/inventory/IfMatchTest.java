package io.stockade.command.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockade.platform.errors.ProblemException;
import org.junit.jupiter.api.Test;

class IfMatchTest {

    @Test
    void shouldReadTheVersionTheEtagNamesWhenQuotedWeakOrBare() {
        assertThat(IfMatch.version(IfMatch.etag(7))).isEqualTo(7L);
        assertThat(IfMatch.version(" W/\"12\" ")).isEqualTo(12L);
        assertThat(IfMatch.version("3")).isEqualTo(3L);
        assertThat(IfMatch.version(null)).isNull();
        assertThat(IfMatch.version(" * ")).isNull();
    }

    /** Found while writing RequestHeadersFuzzTest's property: stripping every quote made these versions. */
    @Test
    void shouldRefuseWhatIsNotOneVersionWithA412() {
        for (String bad : new String[] {"\"1\"2\"", "\"-3\"", "+4", "\"\"5\"\"", "W/5", "\"1\", \"2\"", "\"x\""}) {
            assertThatThrownBy(() -> IfMatch.version(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            ProblemException.class,
                            e -> assertThat(e.status().value()).isEqualTo(412));
        }
    }
}
