-- The nodes alive and the pooled processors each runs (ProcessorNodes): every node writes its row every 2 s, and a
-- processor's segments are shared evenly among the nodes whose rows are younger than the token claim timeout.
CREATE TABLE axon.processor_node (
    node_id    TEXT PRIMARY KEY,
    processors TEXT[] NOT NULL,
    last_seen  TIMESTAMPTZ NOT NULL
);
