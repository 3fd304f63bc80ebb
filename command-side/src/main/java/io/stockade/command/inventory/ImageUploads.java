package io.stockade.command.inventory;

import io.stockade.api.common.ItemId;
import io.stockade.api.inventory.InventoryCommands.ChangeItemImageCommand;
import io.stockade.api.inventory.InventoryCommands.ItemState;
import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.media.ImageStore;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.web.IdempotencyKeys;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/** An uploaded image: checked by content and re-encoded before it is stored, then given to the item. */
@Component
class ImageUploads {
    private final ImageSanitiser sanitiser;
    private final ImageStore images;
    private final CommandGateway commands;

    ImageUploads(ImageSanitiser sanitiser, ImageStore images, CommandGateway commands) {
        this.sanitiser = sanitiser;
        this.images = images;
        this.commands = commands;
    }

    ImageSanitiser.Sanitised sanitise(MultipartFile image) {
        try (var in = image.getInputStream()) {
            return sanitiser.sanitise(in);
        } catch (ImageSanitiser.ImageRejectedException e) {
            HttpStatus status = ImageSanitiser.ImageRejectedException.TOO_LARGE.equals(e.reason())
                    ? HttpStatus.PAYLOAD_TOO_LARGE
                    : ImageSanitiser.ImageRejectedException.UNSUPPORTED_TYPE.equals(e.reason())
                            ? HttpStatus.UNSUPPORTED_MEDIA_TYPE
                            : HttpStatus.BAD_REQUEST;
            throw new ProblemException(
                    status,
                    "image-" + e.reason(),
                    "Image rejected",
                    e.getMessage(),
                    List.of(new ProblemException.FieldError("image", e.getMessage())));
        } catch (IOException e) {
            throw ProblemException.validation("image", "The upload could not be read");
        }
    }

    ItemState attach(CurrentUser user, ItemId itemId, ImageSanitiser.Sanitised clean) {
        ImageStore.Stored stored = images.store(user.tenantId(), itemId, clean);
        ChangeItemImageCommand command = new ChangeItemImageCommand(itemId, user.tenantId(), stored.ref());
        // A create with an image sends two commands under the request's key: the image's gets its own.
        return commands.sendAndWait(IdempotencyKeys.current()
                .map(k -> GenericCommandMessage.asCommandMessage(command)
                        .andMetaData(Map.of(AuditMetadata.IDEMPOTENCY_KEY, k + "#image")))
                .orElseGet(() -> GenericCommandMessage.asCommandMessage(command)));
    }
}
