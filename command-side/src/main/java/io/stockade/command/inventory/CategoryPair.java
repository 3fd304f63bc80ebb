package io.stockade.command.inventory;

import io.stockade.api.common.CategoryId;

/**
 * An item's category and sub-category as a change would leave them; {@code requested} when the request named
 * either, so that they are checked strictly (otherwise they are what the item already had).
 */
record CategoryPair(CategoryId category, CategoryId subCategory, boolean requested) {}
