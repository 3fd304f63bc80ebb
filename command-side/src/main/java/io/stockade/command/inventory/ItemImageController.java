package io.stockade.command.inventory;

import io.stockade.api.common.ItemId;
import io.stockade.command.inventory.ItemAnswers.ItemAnswer;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import io.stockade.platform.web.AwaitsProjections;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** An item's picture: replaced as a whole; the file is checked by content and re-encoded before it is stored. */
@RestController
@RequestMapping(path = "/api/inventory", produces = MediaType.APPLICATION_JSON_VALUE)
class ItemImageController {
    private final ImageUploads uploads;
    private final ItemAnswers answers;

    ItemImageController(ImageUploads uploads, ItemAnswers answers) {
        this.uploads = uploads;
        this.answers = answers;
    }

    @PostMapping(path = "/{id}/image", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    @AwaitsProjections(ItemController.ITEMS)
    ItemAnswer upload(@PathVariable UUID id, @RequestPart("image") MultipartFile image, CurrentUser user) {
        var state = uploads.attach(user, new ItemId(id), uploads.sanitise(image));
        return new ItemAnswer(answers.item(user.tenantId(), state));
    }
}
