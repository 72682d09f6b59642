/**
 * The metadata store: what several midgoal servers (collectors) of one deployment share — the
 * configuration (versions of midgoal.yaml) and each collector's last reported state. Events live
 * in the event store (src/store/); this holds only the small, rarely written things around them.
 * Two engines: files in the data folder (one server, the default) and PostgreSQL (MIDGOAL_META).
 */

/** What one collector last reported about itself. */
export interface CollectorStatus {
  /** Stable per server (e.g. host + data folder); the upsert key. */
  id: string;
  url: string;
  host: string;
  pid: number;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601. */
  lastSeen: string;
  /** Events accepted (in the ingest log) and not yet in the event store. */
  lag: number;
  /** The event store's last error, null when healthy. */
  storeError: string | null;
  /** midgoal version the collector runs. */
  version: string;
}

/** One pushed configuration. */
export interface StoredConfig {
  /** 1, 2, 3 … per deployment. */
  version: number;
  yaml: string;
  /** ISO 8601. */
  createdAt: string;
  note: string | null;
}

export interface MetaStore {
  readonly kind: 'file' | 'postgres';
  /** Human-readable location without password, e.g. "postgres://midgoal@db:5432/midgoal" or "the data folder ./.data". */
  readonly describe: string;
  /** Applies numbered migrations not applied yet; safe when several servers run it at once. Returns the names applied now. */
  migrate(): Promise<string[]>;
  /** Upsert by id. */
  heartbeat(status: CollectorStatus): Promise<void>;
  /** All known collectors, most recent lastSeen first. */
  collectors(): Promise<CollectorStatus[]>;
  latestConfig(): Promise<StoredConfig | null>;
  /** A given version, null when there is none. */
  configVersion(version: number): Promise<StoredConfig | null>;
  /**
   * Validates the YAML first (same rules and file:line:col errors as loadConfig) and stores it as
   * the next version. Throws the ConfigError on bad YAML; nothing is stored then.
   */
  pushConfig(yaml: string, note: string | null): Promise<StoredConfig>;
  close(): Promise<void>;
}

/** Newest heartbeat first; ties by id so the order is stable. */
export function byLastSeenDesc(a: CollectorStatus, b: CollectorStatus): number {
  return Date.parse(b.lastSeen) - Date.parse(a.lastSeen) || a.id.localeCompare(b.id);
}
