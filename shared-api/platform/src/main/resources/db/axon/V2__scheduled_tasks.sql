-- db-scheduler's table: persistent, cluster-safe deadlines (the low-stock saga's reminders) and
-- recurring tasks (the daily digest). A task is picked by one node; a dead node's pick is taken over.
CREATE TABLE axon.scheduled_tasks (
    task_name            TEXT NOT NULL,
    task_instance        TEXT NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMPTZ NOT NULL,
    picked               BOOLEAN NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMPTZ,
    last_failure         TIMESTAMPTZ,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMPTZ,
    version              BIGINT NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time ON axon.scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON axon.scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time ON axon.scheduled_tasks (priority DESC, execution_time ASC);
