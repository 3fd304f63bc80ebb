-- pgbench script: one stock adjustment the way seed 004's CRUD design writes it: a guarded UPDATE
-- of the stock and one INSERT into transactions, in one transaction. Random item among 1,000,
-- +1 or -1 at random. Run with -M prepared and -D user_id=<uuid of the bench user>.
\set n random(1, 1000)
\set delta 2 * random(0, 1) - 1
BEGIN;
UPDATE inventory SET current_stock = current_stock + :delta, updated_at = now()
  WHERE n = :n AND current_stock + :delta >= 0 RETURNING id \gset
INSERT INTO transactions (item_id, user_id, quantity, reason, transaction_type)
  VALUES (:id, :user_id, 1, 'bench adjustment', CASE WHEN :delta > 0 THEN 'addition' ELSE 'deduction' END);
COMMIT;
