package io.stockade.command.inventory;

import io.stockade.api.inventory.InventoryCommands.ItemState;
import io.stockade.api.inventory.InventoryCommands.UpdateItemDetailsCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * A change of details: the item decides which fields change and checks the version, the category look-up
 * checks the categories, in the one unit of work that appends the events (the aggregate holds no services).
 */
@Component
class ItemDetailsChange {
    private final Repository<InventoryItem> repository;
    private final ItemCategories categories;

    ItemDetailsChange(Repository<InventoryItem> repository, ItemCategories categories) {
        this.repository = repository;
        this.categories = categories;
    }

    @CommandHandler
    ItemState handle(UpdateItemDetailsCommand cmd) {
        return repository.load(cmd.itemId().toString()).invoke(item -> {
            CategoryPair pair = categories.settle(cmd.tenantId(), item.categoriesAfter(cmd));
            return item.updateDetails(cmd, pair);
        });
    }
}
