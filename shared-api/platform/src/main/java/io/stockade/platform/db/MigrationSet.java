package io.stockade.platform.db;

/**
 * One module's Flyway migrations: its own schema, its own history table. Each module contributes
 * its sets as beans; {@link Migrations} applies them all as the owner role and grants the
 * application role what it needs.
 *
 * @param schema   the PostgreSQL schema the scripts create objects in
 * @param location the Flyway location, e.g. {@code classpath:db/read}
 * @param order    lower runs first
 */
public record MigrationSet(String schema, String location, int order) {}
