package io.stockade.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockade.api.common.ItemId;
import io.stockade.api.common.TenantId;
import io.stockade.api.inventory.LiveUpdates.ReadModelChanged;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NoticeTest {
    private final TenantId tenant = TenantId.random();

    @Test
    void shouldReadBackWhatItWroteWithAndWithoutAnItem() {
        Notice forItem =
                new Notice("node1", new ReadModelChanged(tenant, ItemId.random()), EnumSet.allOf(LiveQuery.class));
        Notice tenantWide = new Notice("node2", new ReadModelChanged(tenant, null), Set.of(LiveQuery.RECENT_MOVEMENTS));

        assertThat(Notice.decode(forItem.encode())).isEqualTo(forItem);
        assertThat(Notice.decode(tenantWide.encode())).isEqualTo(tenantWide);
        assertThat(tenantWide.encode()).isEqualTo("1 node2 " + tenant.value() + " - RECENT_MOVEMENTS");
    }

    @Test
    void shouldStayFarBelowPostgresNotifyLimitWhenItNamesEveryQuery() {
        Notice all = new Notice("node1", new ReadModelChanged(tenant, ItemId.random()), EnumSet.allOf(LiveQuery.class));

        assertThat(all.encode().getBytes(StandardCharsets.UTF_8).length).isLessThan(200);
    }

    @Test
    void shouldRefuseWhatIsNotANoticeWhenDecoding() {
        for (String text : List.of(
                "",
                "hello",
                "2 node " + tenant.value() + " - ITEM",
                "1 node not-a-uuid - ITEM",
                "1 node " + tenant.value() + " - NO_SUCH_QUERY",
                "1 node " + tenant.value() + " - ",
                "1  " + tenant.value() + " - ITEM",
                "1 node " + tenant.value() + " - ITEM extra")) {
            assertThatThrownBy(() -> Notice.decode(text)).as(text).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldSendOneOrganisationWideNoticeWhenABatchTouchesManyItemsOfOneOrganisation() {
        TenantId other = TenantId.random();
        Set<Notice> batch = new LinkedHashSet<>();
        for (int i = 0; i <= NoticePublisher.MAX_ITEMS_PER_BATCH; i++) {
            batch.add(new Notice("n", new ReadModelChanged(tenant, ItemId.random()), Set.of(LiveQuery.ITEM)));
        }
        Notice few = new Notice("n", new ReadModelChanged(other, ItemId.random()), Set.of(LiveQuery.ITEM));
        batch.add(few);

        assertThat(NoticePublisher.collapse(batch))
                .containsExactly(new Notice("n", new ReadModelChanged(tenant, null), Set.of(LiveQuery.ITEM)), few);
    }
}
