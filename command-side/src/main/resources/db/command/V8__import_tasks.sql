-- db-scheduler's table for catalogue import jobs: one execution per accepted job, picked by one node,
-- revived on another node when the picking node's heartbeat stops. Its own table (not
-- axon.scheduled_tasks) so that a long import never occupies the threads Axon's deadlines run on,
-- and so that its faster dead-node detection does not apply to them.
CREATE TABLE command.import_tasks (
    task_name            VARCHAR(100) NOT NULL,
    task_instance        VARCHAR(100) NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMPTZ NOT NULL,
    picked               BOOLEAN NOT NULL,
    picked_by            VARCHAR(100),
    last_success         TIMESTAMPTZ,
    last_failure         TIMESTAMPTZ,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMPTZ,
    version              BIGINT NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX import_tasks_execution_time ON command.import_tasks (execution_time);
CREATE INDEX import_tasks_last_heartbeat ON command.import_tasks (last_heartbeat);
CREATE INDEX import_tasks_priority_execution_time ON command.import_tasks (priority DESC, execution_time ASC);
-- Jobs accepted before imports ran on db-scheduler get their task, so that they are resumed too.
INSERT INTO command.import_tasks (task_name, task_instance, execution_time, picked, version)
SELECT 'catalogue-import', CAST(job_id AS VARCHAR(100)), now(), false, 1
FROM command.import_job
WHERE status = 'running';
