package io.stockade.command.inventory;

import static org.mockito.Mockito.mock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The inventory controllers' collaborators that reach storage (category look-up, image store), mocked. */
@TestConfiguration(proxyBeanMethods = false)
public class InventorySliceBeans {

    @Bean
    ItemCategories itemCategories() {
        return mock(ItemCategories.class);
    }

    @Bean
    ImageUploads imageUploads() {
        return mock(ImageUploads.class);
    }
}
