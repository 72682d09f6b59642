/**
 * The metadata schema in PostgreSQL, as numbered steps. A TypeScript module rather than .sql files
 * so a bundled build still carries them. Never edit a step once released: servers that applied it
 * will not run it again. Change the schema by appending the next number.
 *
 * `midgoal_schema_migrations` itself is created by runMigrations before any step runs.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: '001_meta_tables',
    sql: `
      CREATE TABLE collectors (
        id          text PRIMARY KEY,
        url         text NOT NULL,
        host        text NOT NULL,
        pid         integer NOT NULL,
        started_at  timestamptz NOT NULL,
        last_seen   timestamptz NOT NULL,
        lag         bigint NOT NULL DEFAULT 0,
        store_error text,
        version     text NOT NULL
      );
      CREATE INDEX collectors_last_seen_idx ON collectors (last_seen DESC);

      CREATE TABLE config_versions (
        version    bigint PRIMARY KEY CHECK (version > 0),
        yaml       text NOT NULL,
        note       text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];
