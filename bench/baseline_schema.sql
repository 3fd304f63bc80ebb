-- Baseline schema: seed 004's CRUD design (inventory + transactions, same columns, checks, indexes
-- and updated_at trigger; categories left out), plus an integer key `n` 1..1000 so that pgbench can
-- pick a random item with \set. Loaded by run.sh into a throw-away database (bench_baseline).

CREATE TABLE users (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  username VARCHAR(50) UNIQUE NOT NULL,
  email VARCHAR(255) UNIQUE NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  role VARCHAR(20) NOT NULL CHECK (role IN ('Admin', 'Manager', 'Staff')),
  is_active BOOLEAN DEFAULT true,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE inventory (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  n INTEGER NOT NULL UNIQUE,
  name VARCHAR(255) NOT NULL,
  location VARCHAR(100) NOT NULL,
  shelf VARCHAR(50),
  description TEXT,
  image_url VARCHAR(500),
  barcode VARCHAR(100) UNIQUE NOT NULL,
  current_stock INTEGER NOT NULL DEFAULT 0 CHECK (current_stock >= 0),
  min_threshold INTEGER NOT NULL DEFAULT 10 CHECK (min_threshold >= 0),
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_inventory_barcode ON inventory(barcode);
CREATE INDEX idx_inventory_name ON inventory(name);
CREATE INDEX idx_inventory_stock ON inventory(current_stock);

CREATE TABLE transactions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  item_id UUID NOT NULL REFERENCES inventory(id) ON DELETE CASCADE,
  user_id UUID NOT NULL REFERENCES users(id) ON DELETE SET NULL,
  quantity INTEGER NOT NULL,
  reason TEXT NOT NULL,
  transaction_type VARCHAR(20) NOT NULL CHECK (transaction_type IN ('addition', 'deduction')),
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_transactions_item ON transactions(item_id);
CREATE INDEX idx_transactions_user ON transactions(user_id);
CREATE INDEX idx_transactions_created ON transactions(created_at DESC);

CREATE OR REPLACE FUNCTION update_updated_at_column() RETURNS TRIGGER AS $$
BEGIN
  NEW.updated_at = CURRENT_TIMESTAMP;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER update_inventory_updated_at BEFORE UPDATE ON inventory
FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

INSERT INTO users (id, username, email, password_hash, role)
VALUES ('00000000-0000-4000-8000-000000000001', 'bench', 'bench@example.test', 'x', 'Admin');

INSERT INTO inventory (n, name, location, barcode, current_stock, min_threshold)
SELECT g, 'Adjust target ' || lpad(g::text, 4, '0'), 'Bench', 'BENCH' || lpad(g::text, 6, '0'), 1000000, 1
FROM generate_series(1, 1000) AS g;

VACUUM ANALYZE;
