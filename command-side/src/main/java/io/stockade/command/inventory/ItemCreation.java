package io.stockade.command.inventory;

import io.stockade.api.common.UserId;
import io.stockade.api.inventory.InventoryCommands.CreateItemCommand;
import io.stockade.api.inventory.InventoryCommands.ItemState;
import io.stockade.api.inventory.InventoryEvents.ItemCreatedEvent;
import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.errors.DomainRuleViolation;
import java.security.SecureRandom;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Creation needs set-based checks the aggregate cannot make: the SKU (given or generated) and the
 * generated barcode are claimed in the look-up table, in the same transaction that appends the
 * creation events, then the aggregate is born.
 */
@Component
class ItemCreation {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int ATTEMPTS = 8;
    static final String INITIAL_STOCK_REASON = "Initial stock";

    private final Repository<InventoryItem> repository;
    private final ItemCodeRepository codes;
    private final ItemCategories categories;
    private final SecureRandom random = new SecureRandom();

    ItemCreation(Repository<InventoryItem> repository, ItemCodeRepository codes, ItemCategories categories) {
        this.repository = repository;
        this.codes = codes;
        this.categories = categories;
    }

    @CommandHandler
    ItemState handle(CreateItemCommand cmd, @MetaDataValue(AuditMetadata.USER_ID) String actor) throws Exception {
        categories.requirePair(cmd.tenantId(), cmd.categoryId(), cmd.subCategoryId());
        String sku = cmd.sku();
        if (sku != null && !sku.isBlank()) {
            sku = sku.strip();
            if (!codes.claim(cmd.tenantId(), ItemCodeRepository.SKU, sku, cmd.itemId())) {
                throw DomainRuleViolation.duplicate("sku", "SKU '" + sku + "' is already used by another item");
            }
        } else {
            sku = claimGenerated(cmd, ItemCodeRepository.SKU, "SKU-", 8);
        }
        String barcode = claimGenerated(cmd, ItemCodeRepository.BARCODE, "STK", 10);
        ItemCreatedEvent created = new ItemCreatedEvent(
                cmd.itemId(),
                cmd.tenantId(),
                cmd.name().strip(),
                sku,
                barcode,
                cmd.location().strip(),
                cmd.categoryId(),
                cmd.subCategoryId(),
                blankToNull(cmd.shelf()),
                blankToNull(cmd.description()),
                cmd.minThreshold());
        UserId who = actor == null ? InventoryItem.SYSTEM_SUBJECT : UserId.of(actor);
        Instant now = GenericEventMessage.clock.instant();
        return repository
                .newInstance(() -> new InventoryItem(created, cmd.initialStock(), who, INITIAL_STOCK_REASON, now))
                .invoke(InventoryItem::state);
    }

    private String claimGenerated(CreateItemCommand cmd, String kind, String prefix, int length) {
        for (int i = 0; i < ATTEMPTS; i++) {
            String code = prefix + randomCode(length);
            if (codes.claim(cmd.tenantId(), kind, code, cmd.itemId())) {
                return code;
            }
        }
        throw new IllegalStateException("could not generate a free " + kind);
    }

    private String randomCode(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
