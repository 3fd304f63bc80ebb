-- The category's name as written, so that write answers can name an item's categories from the
-- command side's own look-up instead of a read model. Rows from before this column are filled in
-- from the category's events the first time they are looked up (CategoryNames).
ALTER TABLE command.category_name ADD COLUMN name VARCHAR(100);
