package io.stockade.command.category;

import io.stockade.api.category.CategoryDirectory;
import io.stockade.api.category.CategoryMessages.CategoryCreatedEvent;
import io.stockade.api.category.CategoryMessages.CategoryUpdatedEvent;
import io.stockade.api.common.CategoryId;
import io.stockade.api.common.TenantId;
import java.util.Optional;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * Answers {@link CategoryDirectory} from the category look-up table. Rows written before the table kept
 * names get theirs from the category's own events (the system of record) the first time they are asked for.
 */
@Component
class CategoryNames implements CategoryDirectory {
    private final CategoryRules rules;
    private final EventStore events;

    CategoryNames(CategoryRules rules, EventStore events) {
        this.rules = rules;
        this.events = events;
    }

    @Override
    public Optional<CategoryEntry> find(TenantId tenant, CategoryId id) {
        return rules.find(tenant, id).map(row -> {
            String name = row.getName();
            if (name == null) {
                name = nameFromEvents(id);
                if (name != null) {
                    rules.rememberName(tenant, id, name);
                }
            }
            return new CategoryEntry(id, name, row.getParentId() == null ? null : new CategoryId(row.getParentId()));
        });
    }

    private String nameFromEvents(CategoryId id) {
        String name = null;
        var stream = events.readEvents(id.toString());
        while (stream.hasNext()) {
            Object payload = stream.next().getPayload();
            if (payload instanceof CategoryCreatedEvent created) {
                name = created.name();
            } else if (payload instanceof CategoryUpdatedEvent updated) {
                name = updated.name();
            }
        }
        return name;
    }
}
