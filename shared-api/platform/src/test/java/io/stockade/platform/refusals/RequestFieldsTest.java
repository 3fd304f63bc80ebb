package io.stockade.platform.refusals;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class RequestFieldsTest {
    private static RequestFields.Sorted of(String json) {
        return RequestFields.of(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldKeepFactsSealPersonalValuesAndOnlyNameSecrets() {
        RequestFields.Sorted s = of("{\"quantity\":5,\"type\":\"deduction\",\"reason\":\"for Ann\",\"sku\":\"A-1\","
                + "\"email\":\"ann@example.test\",\"currentPassword\":\"x1\",\"newPassword\":\"x2\",\"code\":\"123456\","
                + "\"refreshToken\":\"abc\",\"archived\":false,\"note\":null}");

        assertThat(s.fields())
                .containsOnly(
                        Map.entry("quantity", "5"),
                        Map.entry("type", "deduction"),
                        Map.entry("sku", "A-1"),
                        Map.entry("archived", "false"));
        assertThat(s.personal())
                .containsOnly(
                        Map.entry("reason", "for Ann"),
                        Map.entry("email", "ann@example.test"),
                        Map.entry("note", "null"));
        assertThat(s.withheld()).containsExactlyInAnyOrder("currentPassword", "newPassword", "code", "refreshToken");
        assertThat(s.toString()).doesNotContain("x1", "x2", "123456", "abc");
    }

    @Test
    void shouldCutSecretsOutOfNestedValuesAndSealANestedValueThatNamesAPerson() {
        RequestFields.Sorted s = of("{\"items\":[{\"sku\":\"A\",\"apiKey\":\"k\"}],"
                + "\"contact\":{\"username\":\"ann\",\"secret\":\"s\"},\"tags\":[\"a\",\"b\"]}");

        assertThat(s.fields())
                .containsOnly(Map.entry("items", "[{\"sku\":\"A\"}]"), Map.entry("tags", "[\"a\",\"b\"]"));
        assertThat(s.personal()).containsOnly(Map.entry("contact", "{\"username\":\"ann\"}"));
        assertThat(s.withheld()).containsExactlyInAnyOrder("items[0].apiKey", "contact.secret");
    }

    @Test
    void shouldRecordNoFieldsOfAnEmptyUnreadableOrTruncatedBody() {
        assertThat(RequestFields.of(null)).isEqualTo(RequestFields.Sorted.NONE);
        assertThat(of("")).isEqualTo(RequestFields.Sorted.NONE);
        assertThat(of("{\"quantity\": 5, \"reason\": \"cut of")).isEqualTo(RequestFields.Sorted.NONE);
        assertThat(of("not json")).isEqualTo(RequestFields.Sorted.NONE);
    }

    @Test
    void shouldBoundWhatOneRefusalRecords() {
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 80; i++) {
            many.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        many.append(",\"long\":\"").append("x".repeat(5_000)).append("\"}");

        RequestFields.Sorted s = of(many.toString());

        assertThat(s.fields()).hasSize(RequestFields.MAX_FIELDS);
        assertThat(of("{\"sku\":\"" + "y".repeat(5_000) + "\"}").fields().get("sku"))
                .hasSize(RequestFields.MAX_VALUE + 1);
    }

    @Test
    void shouldCoverWritesToItemsStockAndPeopleOnlyAndRefusalStatusesOnly() {
        assertThat(RefusalScope.covers("POST", "/api/inventory/1/stock")).isTrue();
        assertThat(RefusalScope.covers("POST", "/api/inventory")).isTrue();
        assertThat(RefusalScope.covers("PUT", "/api/users/1")).isTrue();
        assertThat(RefusalScope.covers("PUT", "/api/profile")).isTrue();
        assertThat(RefusalScope.covers("POST", "/api/auth/register")).isTrue();
        assertThat(RefusalScope.covers("GET", "/api/inventory/1")).isFalse();
        assertThat(RefusalScope.covers("POST", "/api/auth/login")).isFalse();
        assertThat(RefusalScope.covers("POST", "/api/auth/mfa/verify")).isFalse();
        assertThat(RefusalScope.covers("POST", "/api/audit/verify")).isFalse();

        assertThat(RefusalScope.recorded(HttpStatus.BAD_REQUEST)).isTrue();
        assertThat(RefusalScope.recorded(HttpStatus.FORBIDDEN)).isTrue();
        assertThat(RefusalScope.recorded(HttpStatus.CONFLICT)).isTrue();
        assertThat(RefusalScope.recorded(HttpStatus.UNPROCESSABLE_ENTITY)).isTrue();
        assertThat(RefusalScope.recorded(HttpStatus.OK)).isFalse();
        assertThat(RefusalScope.recorded(HttpStatus.UNAUTHORIZED)).isFalse();
        assertThat(RefusalScope.recorded(HttpStatus.NOT_FOUND)).isFalse();
        assertThat(RefusalScope.recorded(HttpStatus.TOO_MANY_REQUESTS)).isFalse();
    }
}
